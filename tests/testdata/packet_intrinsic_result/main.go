//go:build tinygo

// Declares the SDK's packet intrinsic by hand with the right parameters but
// an address (uintptr) for its result, not a pointer.
package main

import "unsafe"

//export tinybpf_packet_header
func header(data, end, off, size uintptr) uintptr

//go:section xdp
//export first_byte
func first_byte(ctx unsafe.Pointer) int32 {
	p := header(0, 0, 0, 1)
	if p == 0 {
		return 1
	}
	return 2
}

func main() {}
