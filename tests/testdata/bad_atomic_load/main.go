package main

import (
	"sync/atomic"
	"unsafe"
)

var counter uint64

// The BPF backend has no sequentially consistent atomic load: LLVM's
// "Cannot select", a fatal error, reported at the load with a note at this
// line, where the program calls it.
//
//go:section xdp
//export count
func count(ctx unsafe.Pointer) int32 {
	if atomic.LoadUint64(&counter) > 10 {
		return 1
	}
	return 2
}

func main() {}
