// Map definitions in .maps, libbpf's style, each with one mistake the
// loaders would refuse or misread: refused at the map's Go line, by name.
package main

import "unsafe"

// Size is no map attribute (libbpf's are type, key_size, value_size, ...).
//
//go:section .maps
var unknown = struct {
	Type       uint32
	MaxEntries uint32
	Size       uint32
}{Type: 2, MaxEntries: 1, Size: 4}

// Flags and MapFlags both name map_flags.
//
//go:section .maps
var twice = struct {
	Type       uint32
	MaxEntries uint32
	MapFlags   uint32
	Flags      uint32
}{Type: 2, MaxEntries: 1, MapFlags: 1, Flags: 1}

// Key must point to the key's type.
//
//go:section .maps
var plainKey = struct {
	Type       uint32
	MaxEntries uint32
	Key        uint32
}{Type: 1, MaxEntries: 1}

// A hash map has no Values.
//
//go:section .maps
var hashValues = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Values     [2]*uint32
}{Type: 1, MaxEntries: 2}

// A hash map has no Inner.
//
//go:section .maps
var hashInner = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Value      *uint32
	Inner      *uint32
}{Type: 1, MaxEntries: 2, Inner: &template}

var template uint32

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//go:section xdp
//export look
func look(ctx unsafe.Pointer) int32 {
	key := uint32(0)
	n := int32(0)
	for _, m := range [...]unsafe.Pointer{unsafe.Pointer(&unknown), unsafe.Pointer(&twice),
		unsafe.Pointer(&plainKey), unsafe.Pointer(&hashValues), unsafe.Pointer(&hashInner)} {
		if bpfMapLookupElem(m, unsafe.Pointer(&key)) != nil {
			n++
		}
	}
	return n
}

func main() {}
