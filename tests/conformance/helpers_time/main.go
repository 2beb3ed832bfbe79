//go:build tinygo

// Helpers of the clock, random and CPU kinds; each check sets one bit of the
// result, and the calls are counted in .bss.
package main

import "unsafe"

func bpfKtimeGetNs() uint64
func bpfKtimeGetBootNs() uint64
func bpfGetPrandomU32() uint32
func bpfGetSmpProcessorId() uint32

var calls uint64

//go:section syscall
//export check_helpers
func check_helpers(ctx unsafe.Pointer) int32 {
	calls++
	var result int32
	t1 := bpfKtimeGetNs()
	t2 := bpfKtimeGetNs()
	if t1 > 0 && t2 >= t1 {
		result |= 1
	}
	if bpfKtimeGetBootNs() >= t1 {
		result |= 2
	}
	first := bpfGetPrandomU32()
	for i := 0; i < 8; i++ {
		if bpfGetPrandomU32() != first {
			result |= 4
			break
		}
	}
	if bpfGetSmpProcessorId() < 8192 {
		result |= 8
	}
	return result
}

func main() {}
