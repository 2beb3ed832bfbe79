//go:build tinygo

// A bounded loop over the packet: the sum of its first 64 bytes.
package main

import "unsafe"

type xdpMd struct {
	Data, DataEnd uint32
}

//go:section xdp
//export sum_bytes
func sum_bytes(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return -1
	}
	md := (*xdpMd)(ctx)
	data, end := uintptr(md.Data), uintptr(md.DataEnd)
	if data == 0 || data+64 > end {
		return -1 // shorter than 64 bytes
	}
	packet := (*[64]byte)(unsafe.Pointer(data))
	var sum int32
	for i := 0; i < len(packet); i++ {
		sum += int32(packet[i])
	}
	return sum
}

func main() {}
