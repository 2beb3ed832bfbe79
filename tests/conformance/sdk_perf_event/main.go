//go:build tinygo

// bpf.PerfEventArray[sample]: an XDP program sends one sample per packet to
// the perf buffer of the CPU it runs on.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

type xdpMd struct {
	Data, DataEnd uint32
}

type sample struct {
	Len, First, Marker uint32
}

var samples = bpf.PerfEventArray[sample]{}

//go:section xdp
//export sample_packets
func sample_packets(ctx unsafe.Pointer) int32 {
	md := (*xdpMd)(ctx)
	data, end := uintptr(md.Data), uintptr(md.DataEnd)
	if data+14 > end {
		return 0
	}
	s := sample{Len: uint32(end - data), First: uint32(*(*byte)(unsafe.Pointer(data))), Marker: 0xabcd}
	if samples.Output(ctx, &s, bpf.CurrentCPU) != 0 {
		return 0
	}
	return 2
}

func main() {}
