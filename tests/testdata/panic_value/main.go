// panic() with a value computed at run time: the value is boxed in the
// block that calls the runtime's panic, so that block is more than a call
// and `unreachable` (panics.c marks such a call where it is). Refused at
// the panic's line, as every panic that optimisation leaves.
package main

import "unsafe"

func bpfGetPrandomU32() uint32

//go:section xdp
//export panics_with_value
func panics_with_value(ctx unsafe.Pointer) int32 {
	v := bpfGetPrandomU32()
	if v == 7 {
		panic(v)
	}
	return int32(v & 1)
}

func main() {}
