// Bad input: recursion, which the verifier refuses.
package main

import "unsafe"

//go:noinline
func fib(n uint32) uint32 {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

//go:section xdp
//export fibonacci
func fibonacci(ctx unsafe.Pointer) int32 {
	return int32(fib(uint32(uintptr(ctx)) & 7))
}

func main() {}
