//go:build tinygo

package bpf

import "unsafe"

// packetHeader is the SDK intrinsic tinybpf_packet_header, which tinybpf
// lowers (src/lib/passes/packet.c) to what clang makes of C's
//
//	void *p = (void *)data + off;
//	if (p + size > (void *)end) p = NULL;
//
// a 64-bit compare of packet pointers the optimiser cannot narrow or
// reorder, with p known not to be nil when the bounds hold. It returns p.
//
//export tinybpf_packet_header
func packetHeader(data, end, off, size uintptr) unsafe.Pointer
