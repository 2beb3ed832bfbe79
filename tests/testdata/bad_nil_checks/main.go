// Nil checks that do not hold, each reported at its own dereference with
// where the pointer came from. TinyGo sends all of a function's store nil
// checks to one block located at the first of them (a.Pid, which is safe);
// the error must name b.Pid. And a pointer whose address went to a helper
// is read from memory again after the call, so its earlier test no longer
// covers it. A pointer made from an integer may be nil too.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type rec struct {
	Pid  uint32
	Comm [8]byte
}

var recs = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 12, MaxEntries: 2}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64

//go:section xdp
//export shared_block
func shared_block(ctx unsafe.Pointer) int32 {
	k0, k1 := uint32(0), uint32(1)
	a := (*rec)(bpfMapLookupElem(unsafe.Pointer(&recs), unsafe.Pointer(&k0)))
	b := (*rec)(bpfMapLookupElem(unsafe.Pointer(&recs), unsafe.Pointer(&k1)))
	if a == nil {
		return 0
	}
	a.Pid = 1
	b.Pid = 2
	return 1
}

//go:section xdp
//export reloaded
func reloaded(ctx unsafe.Pointer) int32 {
	k := uint32(0)
	r := (*rec)(bpfMapLookupElem(unsafe.Pointer(&recs), unsafe.Pointer(&k)))
	if r == nil {
		return 0
	}
	bpfGetCurrentComm(unsafe.Pointer(&r), 8)
	r.Pid = 5
	return 1
}

//go:section xdp
//export from_integer
func from_integer(ctx unsafe.Pointer) int32 {
	addr := *(*uint64)(ctx)
	r := (*rec)(unsafe.Pointer(uintptr(addr)))
	r.Pid = 3
	return 1
}

func main() {}
