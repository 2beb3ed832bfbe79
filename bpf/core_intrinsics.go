//go:build tinygo

package bpf

import "unsafe"

// SDK intrinsics of the CO-RE API (core.go): declared without a body and
// lowered by tinybpf (src/lib/passes/core.c and core_read.c). The SDK's own
// functions are inlined into the program first (the sdk-inline stage), so
// that each intrinsic sees the address chain the program wrote.

// tinybpf_core_read(dst, size, src): src is a relocated field address. Each
// pointer loaded on the chain to src becomes a bpf_probe_read_kernel into a
// temporary, and the call itself bpf_probe_read_kernel(dst, size, src); the
// chain's nil checks are removed.
//
//export tinybpf_core_read
func coreRead(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

// tinybpf_core_read_str(dst, size, src): as tinybpf_core_read, ending in
// bpf_probe_read_kernel_str of the field's array, or of what its pointer
// points to.
//
//export tinybpf_core_read_str
func coreReadStr(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

// tinybpf_core_read_bitfield(field): field is a relocated Bitfield address;
// BPF_CORE_READ_BITFIELD_PROBED's sequence (byte offset, byte size, left
// and right shift and signedness relocations).
//
//export tinybpf_core_read_bitfield
func coreReadBitfield(field unsafe.Pointer) uint64

// tinybpf_core_field_info(field, kind): llvm.bpf.preserve.field.info of a
// relocated field address; kind is a constant (BPF_FIELD_* of libbpf).
//
//export tinybpf_core_field_info
func coreFieldInfo(field unsafe.Pointer, kind uint32) uint32

// tinybpf_core_type_info(p, kind): llvm.bpf.preserve.type.info about the
// kernel type p's Go type (*T) points to; p's value is not used.
//
//export tinybpf_core_type_info
func coreTypeInfo(p unsafe.Pointer, kind uint32) uint32

// tinybpf_core_enum_value(enum, name, kind): llvm.bpf.preserve.enum.value
// of enumerator name of enum name, both constant strings; kind 1 asks for
// the value, 0 whether it exists.
//
//export tinybpf_core_enum_value
func coreEnumValueOf(enum, name string, kind uint32) int64
