//go:build tinygo

// Four maps of four shapes in one program: each must keep its own
// definition in BTF (type, sizes, entries, flags), as both loaders read it.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var (
	byKey  = bpfMapDef{Type: 1, KeySize: 4, ValueSize: 8, MaxEntries: 64, MapFlags: 1 /* BPF_F_NO_PREALLOC */}
	slots  = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 16, MaxEntries: 3}
	recent = bpfMapDef{Type: 9, KeySize: 8, ValueSize: 4, MaxEntries: 32}
	perCPU = bpfMapDef{Type: 6, KeySize: 4, ValueSize: 8, MaxEntries: 2}
)

func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

//go:section syscall
//export fill_maps
func fill_maps(ctx unsafe.Pointer) int32 {
	k4, k8 := uint32(1), uint64(0x0102030405060708)
	v8 := uint64(0xaabbccdd)
	v16 := [2]uint64{1, 2}
	v4 := uint32(77)
	failed := int32(0)
	if bpfMapUpdateElem(unsafe.Pointer(&byKey), unsafe.Pointer(&k4), unsafe.Pointer(&v8), 0) != 0 {
		failed |= 1
	}
	if bpfMapUpdateElem(unsafe.Pointer(&slots), unsafe.Pointer(&k4), unsafe.Pointer(&v16), 0) != 0 {
		failed |= 2
	}
	if bpfMapUpdateElem(unsafe.Pointer(&recent), unsafe.Pointer(&k8), unsafe.Pointer(&v4), 0) != 0 {
		failed |= 4
	}
	if bpfMapUpdateElem(unsafe.Pointer(&perCPU), unsafe.Pointer(&k4), unsafe.Pointer(&v8), 0) != 0 {
		failed |= 8
	}
	return failed
}

func main() {}
