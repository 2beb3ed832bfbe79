// Bad input: defer.
package main

import "unsafe"

var n uint32

//go:noinline
func bump() { n++ }

//go:section xdp
//export deferred
func deferred(ctx unsafe.Pointer) int32 {
	defer bump()
	if ctx == nil {
		return 1
	}
	return 2
}

func main() {}
