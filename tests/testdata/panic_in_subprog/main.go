package main

import "unsafe"

var table [8]uint32

func bpfGetPrandomU32() uint32

// A function the program calls, kept out of line: an index it cannot prove
// in range panics here, where --panic-return has no program to return from.
//
//go:noinline
func pick(i uint32) uint32 {
	return table[i]
}

//go:section xdp
//export pick_random
func pick_random(ctx unsafe.Pointer) int32 {
	return int32(pick(bpfGetPrandomU32()))
}

func main() {}
