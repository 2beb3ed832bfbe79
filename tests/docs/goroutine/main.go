// A goroutine, which TinyGo refuses without a scheduler (docs/writing-go.md).
// Outside tests/testdata, whose packages must all compile.
package main

import "unsafe"

func worker() {}

//go:section xdp
//export starts_goroutine
func starts_goroutine(ctx unsafe.Pointer) int32 {
	go worker()
	return 2
}

func main() {}
