// Bad input: a Go map instead of a BPF map.
package main

import "unsafe"

//go:section xdp
//export count
func count(ctx unsafe.Pointer) int32 {
	seen := map[uintptr]int32{}
	seen[uintptr(ctx)]++
	return seen[uintptr(ctx)]
}

func main() {}
