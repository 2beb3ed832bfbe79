//go:build tinygo

// A syscall program pushes its three context words on a stack map, which
// gives them back last in, first out.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var lifo = bpfMapDef{Type: 23 /* stack */, ValueSize: 8, MaxEntries: 4}

type input struct {
	Values [3]uint64
}

func bpfMapPushElem(m, value unsafe.Pointer, flags uint64) int64

//go:section syscall
//export push_all
func push_all(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return -1
	}
	in := (*input)(ctx)
	pushed := int32(0)
	for i := 0; i < len(in.Values); i++ {
		v := in.Values[i]
		if bpfMapPushElem(unsafe.Pointer(&lifo), unsafe.Pointer(&v), 0) == 0 {
			pushed++
		}
	}
	return pushed
}

func main() {}
