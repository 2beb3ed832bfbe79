package bpf

import "unsafe"

// Typed BPF maps. Each map kind is a generic struct whose layout IS libbpf's
// BTF map definition: tinybpf's maps pass reads a package variable of one of
// these types the way libbpf reads
//
//	struct {
//		__uint(type, BPF_MAP_TYPE_HASH);
//		__type(key, K);
//		__type(value, V);
//		__uint(max_entries, 1024);
//	} counts SEC(".maps");
//
// and writes exactly that BTF into the object's .maps section:
//
//	var counts = bpf.HashMap[uint32, uint64]{MaxEntries: 1024}
//
// A member that points to an array encodes an attribute as the array's length
// (C's `int (*type)[1]`: loaders read only the length), `key` and `value`
// point to the key and value types, and the exported fields are the
// attributes a program chooses: MaxEntries, Flags (BTF map_flags, e.g.
// MapNoPrealloc) and Pinning (1: libbpf's LIBBPF_PIN_BY_NAME). A field left
// zero is left out of the BTF, as an omitted __uint() in C.
//
// The methods are the helpers' thin, inlined wrappers: a lookup costs the
// instructions a bpf_map_lookup_elem call costs in C. Those that return
// *V return nil when there is no value; those that return int64 return 0
// or a negative errno, as the helpers do. docs/sdk.md#maps lists what each
// kind needs and what tinybpf refuses.

// HashMap is a hash table from K to V (BPF_MAP_TYPE_HASH).
type HashMap[K comparable, V any] struct {
	typ        *[MapTypeHash]int32
	key        *K
	value      *V
	MaxEntries uint32
	Flags      uint32
	Pinning    uint32
}

// Lookup returns a pointer to key's value in the map, which the program may
// change in place, or nil.
func (m *HashMap[K, V]) Lookup(key *K) *V {
	return (*V)(MapLookupElem(unsafe.Pointer(m), unsafe.Pointer(key)))
}

// Update sets key's value; flags is UpdateAny, UpdateNoExist or UpdateExist.
func (m *HashMap[K, V]) Update(key *K, value *V, flags uint64) int64 {
	return MapUpdateElem(unsafe.Pointer(m), unsafe.Pointer(key), unsafe.Pointer(value), flags)
}

// Delete removes key's entry.
func (m *HashMap[K, V]) Delete(key *K) int64 {
	return MapDeleteElem(unsafe.Pointer(m), unsafe.Pointer(key))
}

// LRUHashMap is a hash table that evicts the least recently used entries when
// full (BPF_MAP_TYPE_LRU_HASH).
type LRUHashMap[K comparable, V any] struct {
	typ        *[MapTypeLruHash]int32
	key        *K
	value      *V
	MaxEntries uint32
	Flags      uint32
	Pinning    uint32
}

// Lookup returns a pointer to key's value, or nil.
func (m *LRUHashMap[K, V]) Lookup(key *K) *V {
	return (*V)(MapLookupElem(unsafe.Pointer(m), unsafe.Pointer(key)))
}

// Update sets key's value; flags is UpdateAny, UpdateNoExist or UpdateExist.
func (m *LRUHashMap[K, V]) Update(key *K, value *V, flags uint64) int64 {
	return MapUpdateElem(unsafe.Pointer(m), unsafe.Pointer(key), unsafe.Pointer(value), flags)
}

// Delete removes key's entry.
func (m *LRUHashMap[K, V]) Delete(key *K) int64 {
	return MapDeleteElem(unsafe.Pointer(m), unsafe.Pointer(key))
}

// PerCPUHashMap is a hash table with one value per CPU for each key
// (BPF_MAP_TYPE_PERCPU_HASH): a program sees the value of the CPU it runs on.
type PerCPUHashMap[K comparable, V any] struct {
	typ        *[MapTypePercpuHash]int32
	key        *K
	value      *V
	MaxEntries uint32
	Flags      uint32
	Pinning    uint32
}

// Lookup returns a pointer to this CPU's value for key, or nil.
func (m *PerCPUHashMap[K, V]) Lookup(key *K) *V {
	return (*V)(MapLookupElem(unsafe.Pointer(m), unsafe.Pointer(key)))
}

// LookupOnCPU returns a pointer to key's value on the given CPU, or nil
// (bpf_map_lookup_percpu_elem, Linux 5.19).
func (m *PerCPUHashMap[K, V]) LookupOnCPU(key *K, cpu uint32) *V {
	return (*V)(MapLookupPercpuElem(unsafe.Pointer(m), unsafe.Pointer(key), cpu))
}

// Update sets this CPU's value for key (a new key gets value on this CPU and
// zero on the others).
func (m *PerCPUHashMap[K, V]) Update(key *K, value *V, flags uint64) int64 {
	return MapUpdateElem(unsafe.Pointer(m), unsafe.Pointer(key), unsafe.Pointer(value), flags)
}

// Delete removes key's entry on every CPU.
func (m *PerCPUHashMap[K, V]) Delete(key *K) int64 {
	return MapDeleteElem(unsafe.Pointer(m), unsafe.Pointer(key))
}

// LRUPerCPUHashMap is an LRU hash table with one value per CPU
// (BPF_MAP_TYPE_LRU_PERCPU_HASH).
type LRUPerCPUHashMap[K comparable, V any] struct {
	typ        *[MapTypeLruPercpuHash]int32
	key        *K
	value      *V
	MaxEntries uint32
	Flags      uint32
	Pinning    uint32
}

// Lookup returns a pointer to this CPU's value for key, or nil.
func (m *LRUPerCPUHashMap[K, V]) Lookup(key *K) *V {
	return (*V)(MapLookupElem(unsafe.Pointer(m), unsafe.Pointer(key)))
}

// LookupOnCPU returns a pointer to key's value on the given CPU, or nil.
func (m *LRUPerCPUHashMap[K, V]) LookupOnCPU(key *K, cpu uint32) *V {
	return (*V)(MapLookupPercpuElem(unsafe.Pointer(m), unsafe.Pointer(key), cpu))
}

// Update sets this CPU's value for key.
func (m *LRUPerCPUHashMap[K, V]) Update(key *K, value *V, flags uint64) int64 {
	return MapUpdateElem(unsafe.Pointer(m), unsafe.Pointer(key), unsafe.Pointer(value), flags)
}

// Delete removes key's entry on every CPU.
func (m *LRUPerCPUHashMap[K, V]) Delete(key *K) int64 {
	return MapDeleteElem(unsafe.Pointer(m), unsafe.Pointer(key))
}

// Array is an array of MaxEntries values, all present and zero at first
// (BPF_MAP_TYPE_ARRAY); its key is the index, a uint32.
type Array[V any] struct {
	typ        *[MapTypeArray]int32
	key        *uint32
	value      *V
	MaxEntries uint32
	Flags      uint32
	Pinning    uint32
}

// Lookup returns a pointer to the value at index, or nil past the end.
func (m *Array[V]) Lookup(index uint32) *V {
	return (*V)(MapLookupElem(unsafe.Pointer(m), unsafe.Pointer(&index)))
}

// Update sets the value at index.
func (m *Array[V]) Update(index uint32, value *V, flags uint64) int64 {
	return MapUpdateElem(unsafe.Pointer(m), unsafe.Pointer(&index), unsafe.Pointer(value), flags)
}

// PerCPUArray is an array with one value per CPU at each index
// (BPF_MAP_TYPE_PERCPU_ARRAY).
type PerCPUArray[V any] struct {
	typ        *[MapTypePercpuArray]int32
	key        *uint32
	value      *V
	MaxEntries uint32
	Flags      uint32
	Pinning    uint32
}

// Lookup returns a pointer to this CPU's value at index, or nil past the end.
func (m *PerCPUArray[V]) Lookup(index uint32) *V {
	return (*V)(MapLookupElem(unsafe.Pointer(m), unsafe.Pointer(&index)))
}

// LookupOnCPU returns a pointer to the value at index on the given CPU, or nil.
func (m *PerCPUArray[V]) LookupOnCPU(index, cpu uint32) *V {
	return (*V)(MapLookupPercpuElem(unsafe.Pointer(m), unsafe.Pointer(&index), cpu))
}

// Update sets this CPU's value at index.
func (m *PerCPUArray[V]) Update(index uint32, value *V, flags uint64) int64 {
	return MapUpdateElem(unsafe.Pointer(m), unsafe.Pointer(&index), unsafe.Pointer(value), flags)
}

// RingBuf is a ring buffer of T records that user space reads in order
// (BPF_MAP_TYPE_RINGBUF, Linux 5.8). MaxEntries is its size in bytes: a power
// of 2 and a multiple of the page size. T travels in the object as the element
// type of the map's `type` member, so `tinybpf generate` writes a Go type for
// it that the reader decodes records into.
type RingBuf[T any] struct {
	typ        *[MapTypeRingbuf]T
	MaxEntries uint32
	Pinning    uint32
}

// Output copies *record into the ring buffer; flags is 0, RingbufNoWakeup or
// RingbufForceWakeup. It returns a negative errno when the buffer is full:
// count those to report lost records.
func (r *RingBuf[T]) Output(record *T, flags uint64) int64 {
	var zero T
	return RingbufOutput(unsafe.Pointer(r), unsafe.Pointer(record), uint64(unsafe.Sizeof(zero)), flags)
}

// Reserve returns room for one record in the ring buffer, or nil when it is
// full. Fill it, then Submit or Discard it on every path: the verifier
// refuses a program that may leave a reservation open.
func (r *RingBuf[T]) Reserve(flags uint64) *T {
	var zero T
	return (*T)(RingbufReserve(unsafe.Pointer(r), uint64(unsafe.Sizeof(zero)), flags))
}

// Submit hands a reserved record to user space.
func (r *RingBuf[T]) Submit(record *T, flags uint64) {
	RingbufSubmit(unsafe.Pointer(record), flags)
}

// Discard drops a reserved record.
func (r *RingBuf[T]) Discard(record *T, flags uint64) {
	RingbufDiscard(unsafe.Pointer(record), flags)
}

// PerfEventArray sends T records through per-CPU perf buffers
// (BPF_MAP_TYPE_PERF_EVENT_ARRAY). Leave MaxEntries 0: loaders size it to the
// number of possible CPUs. T reaches `tinybpf generate` as for RingBuf.
type PerfEventArray[T any] struct {
	typ        *[MapTypePerfEventArray]T
	keySize    *[4]int32
	valueSize  *[4]int32
	MaxEntries uint32
	Pinning    uint32
}

// Output copies *record to the perf buffer of the CPU given by flags
// (CurrentCPU: the one the program runs on); ctx is the program's context.
func (p *PerfEventArray[T]) Output(ctx unsafe.Pointer, record *T, flags uint64) int64 {
	var zero T
	return PerfEventOutput(ctx, unsafe.Pointer(p), flags, unsafe.Pointer(record), uint64(unsafe.Sizeof(zero)))
}

// Queue is a FIFO of V values (BPF_MAP_TYPE_QUEUE, Linux 4.20).
type Queue[V any] struct {
	typ        *[MapTypeQueue]int32
	value      *V
	MaxEntries uint32
	Flags      uint32
	Pinning    uint32
}

// Push appends *value; with flags 2 (BPF_EXIST) a full queue drops its oldest.
func (q *Queue[V]) Push(value *V, flags uint64) int64 {
	return MapPushElem(unsafe.Pointer(q), unsafe.Pointer(value), flags)
}

// Pop removes the oldest value into *value.
func (q *Queue[V]) Pop(value *V) int64 {
	return MapPopElem(unsafe.Pointer(q), unsafe.Pointer(value))
}

// Peek copies the oldest value into *value and leaves it queued.
func (q *Queue[V]) Peek(value *V) int64 {
	return MapPeekElem(unsafe.Pointer(q), unsafe.Pointer(value))
}

// Stack is a LIFO of V values (BPF_MAP_TYPE_STACK, Linux 4.20).
type Stack[V any] struct {
	typ        *[MapTypeStack]int32
	value      *V
	MaxEntries uint32
	Flags      uint32
	Pinning    uint32
}

// Push adds *value on top.
func (s *Stack[V]) Push(value *V, flags uint64) int64 {
	return MapPushElem(unsafe.Pointer(s), unsafe.Pointer(value), flags)
}

// Pop removes the top value into *value.
func (s *Stack[V]) Pop(value *V) int64 {
	return MapPopElem(unsafe.Pointer(s), unsafe.Pointer(value))
}

// Peek copies the top value into *value and leaves it there.
func (s *Stack[V]) Peek(value *V) int64 {
	return MapPeekElem(unsafe.Pointer(s), unsafe.Pointer(value))
}

// LPMKey is the key of an LPMTrie (struct bpf_lpm_trie_key): the number of
// leading bits of Data that count, then the data, most significant byte
// first (an IPv4 address is [4]byte in network order).
type LPMKey[D any] struct {
	Prefixlen uint32
	Data      D
}

// LPMTrie maps prefixes of D to V and looks up the longest prefix that
// matches (BPF_MAP_TYPE_LPM_TRIE). The kernel requires Flags: MapNoPrealloc.
type LPMTrie[D any, V any] struct {
	typ        *[MapTypeLpmTrie]int32
	key        *LPMKey[D]
	value      *V
	MaxEntries uint32
	Flags      uint32
	Pinning    uint32
}

// Lookup returns the value of the longest prefix that matches key (whose
// Prefixlen is usually the full width of D), or nil.
func (m *LPMTrie[D, V]) Lookup(key *LPMKey[D]) *V {
	return (*V)(MapLookupElem(unsafe.Pointer(m), unsafe.Pointer(key)))
}

// Update sets the value of a prefix.
func (m *LPMTrie[D, V]) Update(key *LPMKey[D], value *V, flags uint64) int64 {
	return MapUpdateElem(unsafe.Pointer(m), unsafe.Pointer(key), unsafe.Pointer(value), flags)
}

// Delete removes a prefix.
func (m *LPMTrie[D, V]) Delete(key *LPMKey[D]) int64 {
	return MapDeleteElem(unsafe.Pointer(m), unsafe.Pointer(key))
}

// ProgArray holds programs a program jumps to with TailCall
// (BPF_MAP_TYPE_PROG_ARRAY); user space fills it with program file descriptors.
type ProgArray struct {
	typ        *[MapTypeProgArray]int32
	keySize    *[4]int32
	valueSize  *[4]int32
	MaxEntries uint32
	Pinning    uint32
}

// TailCall jumps to the program at index, passing it ctx; it returns only
// when the slot is empty (or the chain of tail calls is too long).
func (p *ProgArray) TailCall(ctx unsafe.Pointer, index uint32) int64 {
	return TailCall(ctx, unsafe.Pointer(p), index)
}

// ArrayOfMaps is an array of maps of type M (BPF_MAP_TYPE_ARRAY_OF_MAPS).
// Inner points to a map variable whose definition is the template every inner
// map must match; Values, if given, are the maps in slots 0, 1, ... at load.
// One of the two is needed: with Values alone the first is the template.
type ArrayOfMaps[M any] struct {
	typ        *[MapTypeArrayOfMaps]int32
	key        *uint32
	MaxEntries uint32
	Flags      uint32
	Pinning    uint32
	Inner      *M
	Values     []*M
}

// Lookup returns the inner map at index, or nil when the slot is empty.
func (m *ArrayOfMaps[M]) Lookup(index uint32) *M {
	return (*M)(MapLookupElem(unsafe.Pointer(m), unsafe.Pointer(&index)))
}

// HashOfMaps is a hash table from K to maps of type M
// (BPF_MAP_TYPE_HASH_OF_MAPS); Inner and Values as for ArrayOfMaps.
type HashOfMaps[K comparable, M any] struct {
	typ        *[MapTypeHashOfMaps]int32
	key        *K
	MaxEntries uint32
	Flags      uint32
	Pinning    uint32
	Inner      *M
	Values     []*M
}

// Lookup returns key's inner map, or nil.
func (m *HashOfMaps[K, M]) Lookup(key *K) *M {
	return (*M)(MapLookupElem(unsafe.Pointer(m), unsafe.Pointer(key)))
}

// TaskStorage keeps a V for each task that asks for one
// (BPF_MAP_TYPE_TASK_STORAGE, Linux 5.11). The kernel requires Flags:
// MapNoPrealloc and no MaxEntries.
type TaskStorage[V any] struct {
	typ   *[MapTypeTaskStorage]int32
	key   *int32
	value *V
	Flags uint32
}

// Get returns task's value (task is a struct task_struct pointer with BTF,
// e.g. GetCurrentTaskBtf()); with flags StorageCreate a task without one gets
// *init (or zero, when init is nil). Nil when there is none.
func (s *TaskStorage[V]) Get(task unsafe.Pointer, init *V, flags uint64) *V {
	return (*V)(TaskStorageGet(unsafe.Pointer(s), task, unsafe.Pointer(init), flags))
}

// Delete removes task's value.
func (s *TaskStorage[V]) Delete(task unsafe.Pointer) int64 {
	return TaskStorageDelete(unsafe.Pointer(s), task)
}

// InodeStorage keeps a V for each inode (BPF_MAP_TYPE_INODE_STORAGE, LSM
// programs, Linux 5.10). Flags: MapNoPrealloc, no MaxEntries.
type InodeStorage[V any] struct {
	typ   *[MapTypeInodeStorage]int32
	key   *int32
	value *V
	Flags uint32
}

// Get returns inode's value (a struct inode pointer with BTF); flags and init
// as for TaskStorage.Get.
func (s *InodeStorage[V]) Get(inode unsafe.Pointer, init *V, flags uint64) *V {
	return (*V)(InodeStorageGet(unsafe.Pointer(s), inode, unsafe.Pointer(init), flags))
}

// Delete removes inode's value.
func (s *InodeStorage[V]) Delete(inode unsafe.Pointer) int32 {
	return InodeStorageDelete(unsafe.Pointer(s), inode)
}

// SkStorage keeps a V for each socket (BPF_MAP_TYPE_SK_STORAGE, Linux 5.2).
// Flags: MapNoPrealloc, no MaxEntries.
type SkStorage[V any] struct {
	typ   *[MapTypeSkStorage]int32
	key   *int32
	value *V
	Flags uint32
}

// Get returns sk's value (a full socket, e.g. from SkFullsock); flags and
// init as for TaskStorage.Get.
func (s *SkStorage[V]) Get(sk unsafe.Pointer, init *V, flags uint64) *V {
	return (*V)(SkStorageGet(unsafe.Pointer(s), sk, unsafe.Pointer(init), flags))
}

// Delete removes sk's value.
func (s *SkStorage[V]) Delete(sk unsafe.Pointer) int64 {
	return SkStorageDelete(unsafe.Pointer(s), sk)
}

// CgrpStorage keeps a V for each cgroup (BPF_MAP_TYPE_CGRP_STORAGE, Linux
// 6.2). Flags: MapNoPrealloc, no MaxEntries.
type CgrpStorage[V any] struct {
	typ   *[MapTypeCgrpStorage]int32
	key   *int32
	value *V
	Flags uint32
}

// Get returns cgroup's value (a struct cgroup pointer with BTF); flags and
// init as for TaskStorage.Get.
func (s *CgrpStorage[V]) Get(cgroup unsafe.Pointer, init *V, flags uint64) *V {
	return (*V)(CgrpStorageGet(unsafe.Pointer(s), cgroup, unsafe.Pointer(init), flags))
}

// Delete removes cgroup's value.
func (s *CgrpStorage[V]) Delete(cgroup unsafe.Pointer) int64 {
	return CgrpStorageDelete(unsafe.Pointer(s), cgroup)
}
