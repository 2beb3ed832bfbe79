// Bad input: fmt, whose code needs what BPF lacks.
package main

import (
	"fmt"
	"unsafe"
)

//go:section xdp
//export show
func show(ctx unsafe.Pointer) int32 {
	s := fmt.Sprintf("%d", uintptr(ctx))
	return int32(len(s))
}

func main() {}
