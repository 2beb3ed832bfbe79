package main

import "unsafe"

type bpfMapDef struct {
	Type       uint32
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	MapFlags   uint32
}

const (
	bpfMapTypeHash  = 1
	bpfMapTypeArray = 2
	bpfAny          = 0
)

// Two maps of different shapes: each must keep its own definition.
var counts = bpfMapDef{Type: bpfMapTypeHash, KeySize: 4, ValueSize: 8, MaxEntries: 1024}
var last = bpfMapDef{Type: bpfMapTypeArray, KeySize: 4, ValueSize: 4, MaxEntries: 1, MapFlags: 0}

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m unsafe.Pointer, key unsafe.Pointer, value unsafe.Pointer, flags uint64) int64

// bump is a helper the program calls; it must survive as a subprogram or inline.
func bump(key uint32) {
	one := uint64(1)
	if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&counts), unsafe.Pointer(&key))); v != nil {
		*v += 1
		return
	}
	bpfMapUpdateElem(unsafe.Pointer(&counts), unsafe.Pointer(&key), unsafe.Pointer(&one), bpfAny)
}

//go:section xdp
//export count_packets
func count_packets(ctx unsafe.Pointer) int32 {
	bump(7)
	zero := uint32(0)
	seen := uint32(42)
	bpfMapUpdateElem(unsafe.Pointer(&last), unsafe.Pointer(&zero), unsafe.Pointer(&seen), bpfAny)
	return 2 // XDP_PASS
}

func main() {}
