//go:build tinygo

// Declares the SDK's packet intrinsic with the wrong signature.
package main

import "unsafe"

//export tinybpf_packet_header
func packetHeader(data, end uintptr) unsafe.Pointer

//go:section xdp
//export bad_packet
func bad_packet(ctx unsafe.Pointer) int32 {
	if packetHeader(0, 0) == nil {
		return 1
	}
	return 2
}

func main() {}
