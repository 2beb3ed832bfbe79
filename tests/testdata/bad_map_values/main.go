package main

import "unsafe"

// A map of maps whose Values holds numbers, not pointers to inner maps.
//
//go:section .maps
var outer = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Values     [2]uint32
}{Type: 12, MaxEntries: 2}

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//go:section xdp
//export look
func look(ctx unsafe.Pointer) int32 {
	key := uint32(0)
	if bpfMapLookupElem(unsafe.Pointer(&outer), unsafe.Pointer(&key)) != nil {
		return 1
	}
	return 2
}

func main() {}
