package main

import "unsafe"

// The license declared in Go: tinybpf keeps it and adds none of its own.
// (TinyGo drops a package variable nothing uses, so the program reads it.)
//
//go:section license
var license = [13]byte{'D', 'u', 'a', 'l', ' ', 'M', 'I', 'T', '/', 'G', 'P', 'L', 0}

//go:section xdp
//export pass
func pass(ctx unsafe.Pointer) int32 {
	if license[0] == 0 {
		return 1
	}
	return 2
}

func main() {}
