//go:build tinygo

// Nested structs and arrays of structs, read from a syscall program's
// context and written whole into a map value.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type point struct {
	X, Y int32
}

type header struct {
	Kind  uint8
	_     [3]byte
	Count uint32
}

type shape struct {
	Hdr    header
	Points [3]point
	Box    struct {
		Min, Max point
	}
}

var shapes = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 48, MaxEntries: 2}

func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

//go:section syscall
//export bounding_box
func bounding_box(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return -1
	}
	in := (*shape)(ctx)
	out := *in
	out.Box.Min, out.Box.Max = out.Points[0], out.Points[0]
	for i := 1; i < len(out.Points); i++ {
		p := out.Points[i]
		if p.X < out.Box.Min.X {
			out.Box.Min.X = p.X
		}
		if p.Y < out.Box.Min.Y {
			out.Box.Min.Y = p.Y
		}
		if p.X > out.Box.Max.X {
			out.Box.Max.X = p.X
		}
		if p.Y > out.Box.Max.Y {
			out.Box.Max.Y = p.Y
		}
	}
	out.Hdr.Count = uint32(len(out.Points))
	key := uint32(out.Hdr.Kind)
	if bpfMapUpdateElem(unsafe.Pointer(&shapes), unsafe.Pointer(&key), unsafe.Pointer(&out), 0) != 0 {
		return -2
	}
	return (out.Box.Max.X - out.Box.Min.X) * (out.Box.Max.Y - out.Box.Min.Y)
}

func main() {}
