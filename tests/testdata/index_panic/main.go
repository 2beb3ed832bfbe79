package main

import "unsafe"

var table [8]uint32

func bpfGetPrandomU32() uint32

//go:section xdp
//export pick
func pick(ctx unsafe.Pointer) int32 {
	i := bpfGetPrandomU32()
	return int32(table[i])
}

func main() {}
