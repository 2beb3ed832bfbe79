//go:build tinygo

// The IPv4 header checksum, computed by a function of another package.
package main

import (
	"unsafe"

	"tinybpf.test/conformance/internal/checksum"
)

type xdpMd struct {
	Data, DataEnd uint32
}

//go:section xdp
//export ip_checksum
func ip_checksum(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return -1
	}
	md := (*xdpMd)(ctx)
	data, end := uintptr(md.Data), uintptr(md.DataEnd)
	if data == 0 || data+34 > end {
		return -1
	}
	return int32(checksum.IPv4((*[20]byte)(unsafe.Pointer(data + 14))))
}

func main() {}
