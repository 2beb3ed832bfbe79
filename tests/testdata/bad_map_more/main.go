// More .maps definitions in libbpf's style, each with one mistake the
// loaders would refuse or misread, refused at the map's Go line by name.
// Map types are the UAPI's (linux/bpf.h): 2 array, 3 prog array, 12 array
// of maps.
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

// Inner must point to a map variable, the inner maps' template.
//
//go:section .maps
var plainInner = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Inner      uint32
}{Type: 12, MaxEntries: 1}

// Values before Key: loaders read Values last.
//
//go:section .maps
var valuesFirst = struct {
	Type       uint32
	MaxEntries uint32
	Values     [1]*slot
	Key        *uint32
}{Type: 12, MaxEntries: 1, Values: [1]*slot{&slotA}}

// A prog array's slots are programs, which Go cannot name here.
//
//go:section .maps
var progValues = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Values     [1]*slot
}{Type: 3, MaxEntries: 1, Values: [1]*slot{&slotA}}

// Inner without Values: libbpf takes the template from Values alone, and
// the kernel then refuses the map (EINVAL, no inner map).
//
//go:section .maps
var onlyInner = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Inner      *slot
}{Type: 12, MaxEntries: 1, Inner: &slotA}

// libbpf's encoding of a number, __uint(type, 0): a pointer to an array of
// length 0 is 0, and 0 is no type.
//
//go:section .maps
var zeroType = struct {
	Type       *[0]int32
	MaxEntries *[1]int32
}{}

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//go:section xdp
//export look
func look(ctx unsafe.Pointer) int32 {
	key := uint32(0)
	n := int32(0)
	for _, m := range [...]unsafe.Pointer{unsafe.Pointer(&plainInner),
		unsafe.Pointer(&valuesFirst), unsafe.Pointer(&progValues), unsafe.Pointer(&onlyInner), unsafe.Pointer(&zeroType), unsafe.Pointer(&slotA)} {
		if bpfMapLookupElem(m, unsafe.Pointer(&key)) != nil {
			n++
		}
	}
	return n
}

func main() {}
