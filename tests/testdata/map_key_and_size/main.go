package main

import "unsafe"

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

// A key size beside a key type: cilium/ebpf refuses such a map.
//
//go:section .maps
var sizes = struct {
	Type       uint32
	KeySize    uint32
	MaxEntries uint32
	Key        *uint32
	Value      *uint64
}{Type: 2, KeySize: 4, MaxEntries: 1}

//go:section xdp
//export lookup
func lookup(ctx unsafe.Pointer) int32 {
	key := uint32(0)
	if bpfMapLookupElem(unsafe.Pointer(&sizes), unsafe.Pointer(&key)) == nil {
		return 1
	}
	return 2
}

func main() {}
