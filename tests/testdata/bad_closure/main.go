// Bad input: calls through function values.
package main

import "unsafe"

var ops = [2]func(uint32) uint32{
	func(x uint32) uint32 { return x + 1 },
	func(x uint32) uint32 { return x * 2 },
}

//go:section xdp
//export apply
func apply(ctx unsafe.Pointer) int32 {
	return int32(ops[uintptr(ctx)&1](3))
}

func main() {}
