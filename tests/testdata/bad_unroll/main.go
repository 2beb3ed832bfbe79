// bpfUnroll() asks for the loop around it to be unrolled: outside a loop it
// is an error, and so is a loop whose number of iterations the compiler
// cannot see, rather than a silent loop.
package main

import "unsafe"

func bpfUnroll()
func bpfGetPrandomU32() uint32
func bpfKtimeGetNs() uint64

//go:section xdp
//export not_in_loop
func not_in_loop(ctx unsafe.Pointer) int32 {
	bpfUnroll()
	return 2
}

//go:section xdp
//export unknown_count
func unknown_count(ctx unsafe.Pointer) int32 {
	var sum uint64
	n := bpfGetPrandomU32()
	for i := uint32(0); i < n; i++ {
		bpfUnroll()
		sum += bpfKtimeGetNs() & 1
	}
	return int32(sum)
}

// One marked loop, copied into its caller twice by inlining: one error, at
// the loop's line, not one per copy.
func sumRandom(n uint32) uint64 {
	var sum uint64
	for i := uint32(0); i < n; i++ {
		bpfUnroll()
		sum += bpfKtimeGetNs() & 1
	}
	return sum
}

//go:section xdp
//export inlined_twice
func inlined_twice(ctx unsafe.Pointer) int32 {
	return int32(sumRandom(bpfGetPrandomU32()) + sumRandom(bpfGetPrandomU32()&7))
}

func main() {}
