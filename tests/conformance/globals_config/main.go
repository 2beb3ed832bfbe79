//go:build tinygo

// Global variables: .rodata configuration the loader sets before load,
// .data with a non-zero initial value, .bss counters read back afterwards.
package main

import "unsafe"

//go:section .rodata
var threshold uint32 = 100

//go:section .rodata
var overVerdict int32 = 1 // XDP_DROP

var packetsSeen uint64 = 1000 // .data
var bytesSeen uint64          // .bss
var lastLen uint32            // .bss

type xdpMd struct {
	Data, DataEnd uint32
}

//go:section xdp
//export filter_long
func filter_long(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	md := (*xdpMd)(ctx)
	n := md.DataEnd - md.Data
	packetsSeen++
	bytesSeen += uint64(n)
	lastLen = n
	if n > threshold {
		return overVerdict
	}
	return 2 // XDP_PASS
}

func main() {}
