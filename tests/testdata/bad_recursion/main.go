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


// An entry point that calls itself: the first function on the call path.
//
//go:section xdp
//export countdown
func countdown(ctx unsafe.Pointer) int32 {
	if uintptr(ctx)&7 == 0 {
		return 0
	}
	return countdown(unsafe.Add(ctx, -1)) + 1
}

func main() {}
