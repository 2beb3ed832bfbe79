//go:build tinygo

// Signed division, remainder (BPF ISA v4's sdiv/smod, hence --cpu v4 in
// link-flags), arithmetic shifts and sign extension, with Go's rules:
// truncation toward zero, and MinInt64 / -1 == MinInt64 without a panic.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var results = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 10 * 8, MaxEntries: 1}

type input struct {
	A, B, C, D int64
	Narrow     uint64
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

//go:section syscall
//export signed
func signed(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return -1
	}
	in := *(*input)(ctx) // a copy: the checks below hold for it after helper calls
	if in.B == 0 || in.D == 0 {
		return -1
	}
	key := uint32(0)
	out := (*[10]int64)(bpfMapLookupElem(unsafe.Pointer(&results), unsafe.Pointer(&key)))
	if out == nil {
		return -2
	}
	out[0] = in.A / in.B
	out[1] = in.A % in.B
	out[2] = in.A >> 3
	out[3] = -in.A
	out[4] = in.C / in.D
	out[5] = in.C % in.D
	out[6] = int64(int32(in.Narrow))
	out[7] = int64(int8(in.Narrow >> 32))
	out[8] = int64(int32(in.A) / 7)
	out[9] = in.A >> 70 // Go: all sign bits
	return int32(out[1])
}

func main() {}
