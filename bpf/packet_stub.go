//go:build !tinygo

package bpf

import "unsafe"

// packetHeader is the SDK intrinsic tinybpf_packet_header (packet_tinygo.go);
// only TinyGo and tinybpf give it a body.
func packetHeader(data, end, off, size uintptr) unsafe.Pointer {
	panic("bpf: packet access runs only in a BPF program built with tinybpf")
}
