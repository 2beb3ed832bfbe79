//go:build tinygo

// Declares the SDK's packet intrinsic again, with two parameters, beside a
// package that declares it right: the IR has one declaration (the other
// package's) and a call of it with two arguments here.
package main

import (
	"unsafe"

	"tinybpf.test/testdata/packet_intrinsic_twice/other"
)

//export tinybpf_packet_header
func header(data, end uintptr) unsafe.Pointer

//go:section xdp
//export first_byte
func first_byte(ctx unsafe.Pointer) int32 {
	p := header(0, 0)
	if p == nil {
		return 1
	}
	return int32(*(*byte)(p)) + int32(other.FirstByte(0, 0))
}

func main() {}
