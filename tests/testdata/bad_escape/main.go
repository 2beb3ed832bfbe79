// Locals whose address outlives the call: in a package variable, in a map
// value, copied into a map or to user space (perf event), through a function,
// returned. On the BPF stack each would be a dangling pointer, and a kernel
// address user space can read: refused at the line that lets it escape.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type holder struct {
	P *uint64
}

var saved *uint64
var slots = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 8, MaxEntries: 1}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

//go:section xdp
//export to_global
func to_global(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	saved = &x
	return 0
}

//go:section xdp
//export to_map_value
func to_map_value(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	k := uint32(0)
	h := (*holder)(bpfMapLookupElem(unsafe.Pointer(&slots), unsafe.Pointer(&k)))
	if h != nil {
		h.P = &x
	}
	return 0
}

//go:section xdp
//export copied_to_map
func copied_to_map(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	h := holder{P: &x}
	k := uint32(0)
	bpfMapUpdateElem(unsafe.Pointer(&slots), unsafe.Pointer(&k), unsafe.Pointer(&h), 0)
	return 0
}

//go:noinline
func keep(p *uint64) { saved = p }

//go:section xdp
//export via_callee
func via_callee(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	keep(&x)
	return 0
}

//go:noinline
func newCounter() *uint64 {
	var n uint64
	return &n
}

//go:section xdp
//export returned
func returned(ctx unsafe.Pointer) int32 {
	return int32(*newCounter())
}

var events = bpfMapDef{Type: 4, KeySize: 4, ValueSize: 4} // BPF_MAP_TYPE_PERF_EVENT_ARRAY

func bpfPerfEventOutput(ctx, m unsafe.Pointer, flags uint64, data unsafe.Pointer, size uint64) int64

//go:section xdp
//export sent_to_user
func sent_to_user(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	h := holder{P: &x}
	bpfPerfEventOutput(ctx, unsafe.Pointer(&events), 0xffffffff, unsafe.Pointer(&h), 8)
	return 0
}

func main() {}
