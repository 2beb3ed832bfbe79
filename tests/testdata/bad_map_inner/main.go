// Maps of maps (Type 12, BPF_MAP_TYPE_ARRAY_OF_MAPS in linux/bpf.h) whose
// inner maps the loaders cannot make: each refused at the Go line of the
// map at fault, by name.
package main

import "unsafe"

type slot struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Value      *uint32
}

//go:section .maps
var slotA = slot{Type: 2, MaxEntries: 1}

// Not in .maps: no map, though its type is a map's.
var plainSlot = slot{Type: 2, MaxEntries: 1}

//go:section .maps
var notAMapSlot = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Values     [1]*slot
}{Type: 12, MaxEntries: 1, Values: [1]*slot{&plainSlot}}

type nested struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Values     [1]*slot
}

//go:section .maps
var nestedA = nested{Type: 12, MaxEntries: 1}

//go:section .maps
var mapsOfMaps = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Values     [1]*nested
}{Type: 12, MaxEntries: 1}

type twice struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Value      *uint32
}

//go:section .maps
var twiceA = twice{Type: 2, MaxEntries: 1}

//go:section .maps
var twiceB = twice{Type: 2, MaxEntries: 2}

//go:section .maps
var twoTemplates = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Values     [1]*twice
}{Type: 12, MaxEntries: 1}

type orphan struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Value      *uint32
}

//go:section .maps
var noTemplate = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Values     [1]*orphan
}{Type: 12, MaxEntries: 1}

// A template that is itself a map of maps.
//
//go:section .maps
var nestedInner = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Inner      *nested
	Values     [0]*nested
}{Type: 12, MaxEntries: 1, Inner: &nestedA}

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//go:section xdp
//export look
func look(ctx unsafe.Pointer) int32 {
	key := uint32(0)
	n := int32(0)
	for _, m := range [...]unsafe.Pointer{unsafe.Pointer(&notAMapSlot), unsafe.Pointer(&mapsOfMaps),
		unsafe.Pointer(&twoTemplates), unsafe.Pointer(&noTemplate), unsafe.Pointer(&nestedInner),
		unsafe.Pointer(&slotA), unsafe.Pointer(&nestedA), unsafe.Pointer(&twiceA), unsafe.Pointer(&twiceB)} {
		if bpfMapLookupElem(m, unsafe.Pointer(&key)) != nil {
			n++
		}
	}
	return n
}

func main() {}
