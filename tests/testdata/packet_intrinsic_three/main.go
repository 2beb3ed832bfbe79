//go:build tinygo

// Declares the SDK's packet intrinsic by hand with the wrong parameters.
package main

import "unsafe"

//export tinybpf_packet_header
func header(data, end, off uintptr) unsafe.Pointer

//go:section xdp
//export first_byte
func first_byte(ctx unsafe.Pointer) int32 {
	p := header(0, 0, 0)
	if p == nil {
		return 1
	}
	return int32(*(*byte)(p))
}

func main() {}
