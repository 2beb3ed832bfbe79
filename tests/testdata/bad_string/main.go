// Bad input: a Go string built at run time (needs a heap).
package main

import "unsafe"

var prefix = "pid-"

//go:section xdp
//export name
func name(ctx unsafe.Pointer) int32 {
	s := prefix + string(rune(65+uintptr(ctx)%26))
	return int32(len(s))
}

func main() {}
