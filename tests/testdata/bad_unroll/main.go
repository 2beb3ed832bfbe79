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

func main() {}
