//go:build tinygo

// 64- and 32-bit unsigned arithmetic, wrapping as Go defines it.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var results = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 9 * 8, MaxEntries: 1}

type input struct {
	A, B uint64
	X, Y uint32
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

//go:section syscall
//export arith
func arith(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return -1
	}
	in := (*input)(ctx)
	a, b, x, y := in.A, in.B, in.X, in.Y
	if b == 0 || y == 0 {
		return -1
	}
	key := uint32(0)
	out := (*[9]uint64)(bpfMapLookupElem(unsafe.Pointer(&results), unsafe.Pointer(&key)))
	if out == nil {
		return -2
	}
	out[0] = a * b
	out[1] = a / b
	out[2] = a % b
	out[3] = a + b
	out[4] = b - a
	out[5] = (a >> 32) * (b >> 32)
	out[6] = uint64(x * y)
	out[7] = uint64(x / y)
	out[8] = uint64(x % y)
	return int32(out[8])
}

func main() {}
