//go:build tinygo

// Bit operations on 64-bit values, math/bits included (which LLVM lowers
// to intrinsics the BPF backend expands), and Go's shifts past the width.
package main

import (
	"math/bits"
	"unsafe"
)

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var results = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 13 * 8, MaxEntries: 1}

type input struct {
	A, B  uint64
	Shift uint32
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

//go:section syscall
//export bit_ops
func bit_ops(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return -1
	}
	in := (*input)(ctx)
	a, b, s := in.A, in.B, in.Shift
	key := uint32(0)
	out := (*[13]uint64)(bpfMapLookupElem(unsafe.Pointer(&results), unsafe.Pointer(&key)))
	if out == nil {
		return -2
	}
	out[0] = a & b
	out[1] = a | b
	out[2] = a ^ b
	out[3] = ^a
	out[4] = a << s
	out[5] = a >> s
	out[6] = bits.RotateLeft64(a, int(s))
	out[7] = uint64(bits.OnesCount64(a))
	out[8] = uint64(bits.LeadingZeros64(b))
	out[9] = bits.ReverseBytes64(a)
	out[10] = a & -a
	out[11] = a &^ b
	out[12] = a << (s + 58) // 70: Go defines this as 0
	return int32(out[7])
}

func main() {}
