package bpf

import "unsafe"

// CO-RE ("compile once, run everywhere") reads of kernel memory: see
// docs/core.md in the tinybpf repository.
//
// A kernel type is a Go struct whose first field is a Kernel marker:
//
//	type TaskStruct struct {
//		_          bpf.Kernel
//		Pid        int32
//		Tgid       int32
//		RealParent *TaskStruct
//		Comm       [16]byte
//	}
//
// `tinybpf types` writes such types from the kernel's BTF. Only the names
// matter: tinybpf turns every field address computed from a *TaskStruct into
// a CO-RE relocation against struct task_struct's field of that name (Go
// names are converted from CamelCase to snake_case; a name already in
// snake_case is kept), and the loader (libbpf, cilium/ebpf) moves it to
// where the running kernel has the field.
//
// The functions below are lowered by tinybpf: they work only in programs it
// builds. Their arguments must be written at the call (&task.RealParent.Tgid),
// as the C macros' are, because tinybpf reads the address chain from the
// program itself.

// Kernel, as the first field of a struct type, makes it a kernel type: its
// name and its fields' names are the kernel's, and every access through it
// is relocated by the loader. It occupies no memory and is not a kernel
// field.
type Kernel struct{}

// Bitfield is a kernel bitfield in a kernel type: a zero-size field named
// after the kernel's field (at the offset of its storage, which `_ [n]byte`
// padding covers). Read it with CoreReadBitfield; ask about it with
// CoreFieldExists, CoreFieldSize (the bytes of its storage) or
// CoreFieldSigned.
type Bitfield struct{}

// CoreRead returns the kernel value at src, the address of a field of a
// kernel type reached through any chain of pointers and fields
// (bpf.CoreRead(&task.RealParent.Tgid)): the BPF_CORE_READ of C.
//
// Every pointer the chain loads on the way (task.RealParent) and the final
// value are read with bpf_probe_read_kernel at relocated offsets, so it
// works on any kernel pointer, trusted or not. Go's nil checks on the chain
// are left out: a NULL pointer anywhere in the chain makes a read fail, and
// a failed read yields zero, as in C. The size read is T's size: declare the
// field with the kernel's size (tinybpf types does).
func CoreRead[T any](src *T) T {
	var v T
	coreRead(unsafe.Pointer(&v), uint32(unsafe.Sizeof(v)), unsafe.Pointer(src))
	return v
}

// CoreReadInto is CoreRead into *dst: it returns the final read's result, 0
// or a negative errno (dst is then zeroed); BPF_CORE_READ_INTO in C. It
// copies arrays too: bpf.CoreReadInto(&comm, &task.Comm).
func CoreReadInto[T any](dst *T, src *T) int64 {
	return coreRead(unsafe.Pointer(dst), uint32(unsafe.Sizeof(*dst)), unsafe.Pointer(src))
}

// CoreReadStr copies the NUL-terminated string that the field at src holds
// into dst, truncated and terminated if it does not fit
// (bpf_probe_read_kernel_str). A byte array field (task.Comm) holds the
// string itself; a pointer field (dentry.DName.Name) points to it, and is
// read first. The chain is read as by CoreRead. It returns the length with
// the NUL, or a negative errno.
func CoreReadStr[T any](dst []byte, src *T) int64 {
	return coreReadStr(unsafe.Pointer(unsafe.SliceData(dst)), uint32(len(dst)), unsafe.Pointer(src))
}

// CoreReadBitfield returns the kernel bitfield at field (&x.Flag, a
// Bitfield field of a kernel type), reached as by CoreRead: the storage is
// read with bpf_probe_read_kernel at its relocated byte offset and size and
// shifted into place by relocated shifts, sign-extended when the running
// kernel's field is signed (BPF_CORE_READ_BITFIELD_PROBED in C).
func CoreReadBitfield(field *Bitfield) uint64 {
	return coreReadBitfield(unsafe.Pointer(field))
}

// CoreReadBitfieldSigned is CoreReadBitfield for a signed bitfield: the
// same bits, as an int64.
func CoreReadBitfieldSigned(field *Bitfield) int64 {
	return int64(coreReadBitfield(unsafe.Pointer(field)))
}

// Field and type queries: constants the loader sets from the running
// kernel's BTF (bpf_core_field_exists and friends in C). The argument's
// value is not read.
const (
	coreFieldByteOffset = 0
	coreFieldByteSize   = 1
	coreFieldExists     = 2
	coreFieldSigned     = 3
	coreTypeExists      = 0
	coreTypeSize        = 1
	coreEnumValueExists = 0
	coreEnumValue       = 1
)

// CoreFieldExists reports whether the running kernel's struct has the field
// at field (&task.Pid). A read of a field the kernel lacks makes the loader
// refuse the program unless it is unreachable: ask first.
func CoreFieldExists[T any](field *T) bool {
	return coreFieldInfo(unsafe.Pointer(field), coreFieldExists) != 0
}

// CoreFieldSize returns the size in bytes of the running kernel's field (of
// a bitfield: its storage's), whatever size the Go field has.
func CoreFieldSize[T any](field *T) uint32 {
	return coreFieldInfo(unsafe.Pointer(field), coreFieldByteSize)
}

// CoreFieldOffset returns the offset in bytes of the running kernel's field
// from the start of the struct the chain starts at (of a bitfield: of its
// storage).
func CoreFieldOffset[T any](field *T) uint32 {
	return coreFieldInfo(unsafe.Pointer(field), coreFieldByteOffset)
}

// CoreFieldSigned reports whether the running kernel's field, an integer,
// an enum or a bitfield, is signed.
func CoreFieldSigned[T any](field *T) bool {
	return coreFieldInfo(unsafe.Pointer(field), coreFieldSigned) != 0
}

// CoreTypeExists reports whether the running kernel has the struct that the
// kernel type T stands for (bpf.CoreTypeExists[BpfIterNum]()).
func CoreTypeExists[T any]() bool {
	var p *T
	return coreTypeInfo(unsafe.Pointer(p), coreTypeExists) != 0
}

// CoreTypeSize returns the size in bytes of the running kernel's struct
// that the kernel type T stands for.
func CoreTypeSize[T any]() uint32 {
	var p *T
	return coreTypeInfo(unsafe.Pointer(p), coreTypeSize)
}

// CoreEnumValue returns the running kernel's value of the enumerator name
// of enum (bpf.CoreEnumValue("pid_type", "PIDTYPE_TGID")): the C names,
// constant strings. If the kernel has no such enumerator the loader refuses
// the program unless the call is unreachable: ask CoreEnumValueExists first.
func CoreEnumValue(enum, name string) int64 {
	return coreEnumValueOf(enum, name, coreEnumValue)
}

// CoreEnumValueExists reports whether the running kernel's enum has the
// enumerator name.
func CoreEnumValueExists(enum, name string) bool {
	return coreEnumValueOf(enum, name, coreEnumValueExists) != 0
}
