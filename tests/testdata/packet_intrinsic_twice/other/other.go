// Package other declares the SDK's packet intrinsic as the SDK does; it is
// compiled first, so its declaration is the one the IR keeps.
package other

import "unsafe"

//export tinybpf_packet_header
func header(data, end, off, size uintptr) unsafe.Pointer

// FirstByte is the packet's first byte, or 0 if it is empty.
func FirstByte(data, end uintptr) byte {
	p := header(data, end, 0, 1)
	if p == nil {
		return 0
	}
	return *(*byte)(p)
}
