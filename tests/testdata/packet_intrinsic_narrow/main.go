//go:build tinygo

// Declares the SDK's packet intrinsic by hand with the wrong parameters.
package main

import "unsafe"

//export tinybpf_packet_header
func header(data uint32, end, off, size uintptr) unsafe.Pointer

//go:section xdp
//export first_byte
func first_byte(ctx unsafe.Pointer) int32 {
	p := header(uint32(0), 0, 0, 1)
	if p == nil {
		return 1
	}
	return int32(*(*byte)(p))
}

func main() {}
