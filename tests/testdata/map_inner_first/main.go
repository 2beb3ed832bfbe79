// A hash of maps whose inner maps' template is the one variable of their
// type, and the first map of the package: tests/lib/maps_test.c reads the
// template libbpf builds from the object.
package main

import "unsafe"

const (
	bpfMapTypeHash       = 1
	bpfMapTypeHashOfMaps = 13
)

type counters struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Value      *uint64
}

//go:section .maps
var perFlow = counters{Type: bpfMapTypeHash, MaxEntries: 64}

// Filled by user space, by name.
//
//go:section .maps
var flows = struct {
	Type       uint32
	KeySize    uint32
	MaxEntries uint32
	Values     [0]*counters
}{Type: bpfMapTypeHashOfMaps, KeySize: 8, MaxEntries: 4}

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//go:section xdp
//export count
func count(ctx unsafe.Pointer) int32 {
	name := uint64(1)
	if inner := bpfMapLookupElem(unsafe.Pointer(&flows), unsafe.Pointer(&name)); inner != nil {
		key := uint32(0)
		if v := (*uint64)(bpfMapLookupElem(inner, unsafe.Pointer(&key))); v != nil {
			*v += 1
		}
	}
	key := uint32(1)
	if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&perFlow), unsafe.Pointer(&key))); v != nil {
		*v += 1
	}
	return 2 // XDP_PASS
}

func main() {}
