package main

import "unsafe"

// maxLen is configuration: a loader may change it before load.
//
//go:section .rodata
var maxLen uint32 = 100

var seenPackets uint64 // .bss
var lastLen uint32 = 7 // .data

// xdpMd is the start of struct xdp_md, the XDP program's context.
type xdpMd struct {
	Data    uint32
	DataEnd uint32
}

//go:section xdp
//export filter
func filter(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	md := (*xdpMd)(ctx)
	n := md.DataEnd - md.Data
	seenPackets++
	lastLen = n
	if n > maxLen {
		return 1 // XDP_DROP
	}
	return 2 // XDP_PASS
}

func main() {}
