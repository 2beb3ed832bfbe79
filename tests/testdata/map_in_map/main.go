package main

import "unsafe"

const (
	bpfMapTypeArray       = 2
	bpfMapTypeProgArray   = 3
	bpfMapTypeArrayOfMaps = 12
	bpfMapTypeHashOfMaps  = 13
	bpfAny                = 0
)

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer
func bpfTailCall(ctx unsafe.Pointer, progArray unsafe.Pointer, index uint32) int64

// counter is the inner maps' type: every .maps variable of it has the same
// definition, which is the template the outer maps declare through Values.
type counter struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Value      *uint64
}

//go:section .maps
var slowPath = counter{Type: bpfMapTypeArray, MaxEntries: 1}

//go:section .maps
var fastPath = counter{Type: bpfMapTypeArray, MaxEntries: 1}

// Slot 0 holds fastPath and slot 1 slowPath when the object is loaded.
//
//go:section .maps
var paths = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Values     [2]*counter
}{Type: bpfMapTypeArrayOfMaps, MaxEntries: 2, Values: [2]*counter{&fastPath, &slowPath}}

// No slot filled: user space adds inner maps by name.
//
//go:section .maps
var byName = struct {
	Type       uint32
	KeySize    uint32
	MaxEntries uint32
	Values     [0]*counter
}{Type: bpfMapTypeHashOfMaps, KeySize: 8, MaxEntries: 4}

// Tail-call targets, filled by user space.
//
//go:section .maps
var jumps = struct {
	Type, KeySize, ValueSize, MaxEntries uint32
}{Type: bpfMapTypeProgArray, KeySize: 4, ValueSize: 4, MaxEntries: 1}

// bump counts in the inner map of outer at key.
func bump(outer unsafe.Pointer, key unsafe.Pointer) {
	inner := bpfMapLookupElem(outer, key)
	if inner == nil {
		return
	}
	zero := uint32(0)
	if v := (*uint64)(bpfMapLookupElem(inner, unsafe.Pointer(&zero))); v != nil {
		*v += 1
	}
}

// route counts the packet in slot 1's inner map and in byName[7]'s, then jumps
// to jumps[0]; with no program there it passes the packet.
//
//go:section xdp
//export route
func route(ctx unsafe.Pointer) int32 {
	slow := uint32(1)
	bump(unsafe.Pointer(&paths), unsafe.Pointer(&slow))
	name := uint64(7)
	bump(unsafe.Pointer(&byName), unsafe.Pointer(&name))
	bpfTailCall(ctx, unsafe.Pointer(&jumps), 0)
	return 2 // XDP_PASS
}

// drop is the tail-call target: it counts in slot 0's map and drops.
//
//go:section xdp
//export drop
func drop(ctx unsafe.Pointer) int32 {
	fast := uint32(0)
	bump(unsafe.Pointer(&paths), unsafe.Pointer(&fast))
	return 1 // XDP_DROP
}

func main() {}
