// A pointer read from a package variable: nothing in the program sets it, so
// its dereference can panic (nil), reported at that line with where the
// pointer came from.
package main

import "unsafe"

type rec struct {
	Pid uint32
}

var current *rec

//go:section xdp
//export from_global
func from_global(ctx unsafe.Pointer) int32 {
	current.Pid = 3
	return 1
}

func main() {}
