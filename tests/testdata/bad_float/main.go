// Bad input: floating-point arithmetic.
package main

import "unsafe"

//go:section xdp
//export ratio
func ratio(ctx unsafe.Pointer) int32 {
	x := float64(uintptr(ctx)) * 1.5
	return int32(x)
}

func main() {}
