// Go the BPF backend cannot generate, refused at the user's line in
// tinybpf's words rather than LLVM's ("unsupported signed division, please
// convert to unsigned div/mod", "A call to built-in function 'memcpy' is not
// supported", "Cannot select: AtomicSwap", "Invalid usage of the XADD return
// value"), and checks inside the standard library reported where the user
// calls it.
package main

import (
	"encoding/binary"
	"sync/atomic"
	"unsafe"
)

func bpfGetPrandomU32() uint32

var counter uint64
var name = [8]byte{'b', 'a', 's', 'h'}

//go:section xdp
//export signed_division
func signed_division(ctx unsafe.Pointer) int32 {
	a, b := int64(bpfGetPrandomU32())-100, int64(bpfGetPrandomU32())|1
	return int32(a / b)
}

//go:section xdp
//export copy_run_time_length
func copy_run_time_length(ctx unsafe.Pointer) int32 {
	var dst [8]byte
	n := bpfGetPrandomU32() % 8
	copy(dst[:], name[:n])
	return int32(dst[0])
}

//go:section xdp
//export library_bounds
func library_bounds(ctx unsafe.Pointer) int32 {
	n := int(bpfGetPrandomU32() % 8)
	return int32(binary.LittleEndian.Uint32(name[n:]))
}

//go:section xdp
//export atomic_result
func atomic_result(ctx unsafe.Pointer) int32 {
	return int32(atomic.AddUint64(&counter, 1))
}

//go:section xdp
//export compare_strings
func compare_strings(ctx unsafe.Pointer) int32 {
	if string(name[:4]) == "bash" {
		return 1
	}
	return 0
}

var flags uint32

//go:section xdp
//export compare_and_swap
func compare_and_swap(ctx unsafe.Pointer) int32 {
	if atomic.CompareAndSwapUint32(&flags, 0, 1) {
		return 1
	}
	return 0
}

//go:section xdp
//export atomic_or
func atomic_or(ctx unsafe.Pointer) int32 {
	atomic.OrUint32(&flags, 4)
	return 0
}

// One division, inlined into two places of one program: one error at its line.
func ratio(a, b int64) int64 {
	return a / b
}

//go:section xdp
//export division_twice
func division_twice(ctx unsafe.Pointer) int32 {
	a, b := int64(bpfGetPrandomU32())-100, int64(bpfGetPrandomU32())|1
	return int32(ratio(a, b) + ratio(b, a|1))
}

// An atomic add whose result is unused: what BPF v1 and v2 have (the one
// program here that must build with --cpu v2).
//
//go:section xdp
//export atomic_add
func atomic_add(ctx unsafe.Pointer) int32 {
	atomic.AddUint64(&counter, 1)
	return 0
}

func main() {}
