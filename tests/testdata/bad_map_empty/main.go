package main

import "unsafe"

// A map whose definition type has no fields: there is nothing to read its
// type, key, value or size from, and that is the one error.

type bpfMapDef struct{}

var counts bpfMapDef

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//go:section xdp
//export look
func look(ctx unsafe.Pointer) int32 {
	key := uint32(0)
	if bpfMapLookupElem(unsafe.Pointer(&counts), unsafe.Pointer(&key)) != nil {
		return 1
	}
	return 0
}

func main() {}
