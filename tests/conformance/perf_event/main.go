//go:build tinygo

// XDP sends a 12-byte sample per packet to a perf event array.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

// One perf event file per CPU: without MaxEntries, the loader sizes it to the
// number of possible CPUs.
var samples = bpfMapDef{Type: 4 /* perf event array */, KeySize: 4, ValueSize: 4}

type xdpMd struct {
	Data, DataEnd uint32
}

type sample struct {
	Len, First, Marker uint32
}

const bpfFCurrentCPU = 0xffffffff

func bpfPerfEventOutput(ctx, m unsafe.Pointer, flags uint64, data unsafe.Pointer, size uint64) int64

//go:section xdp
//export sample_packets
func sample_packets(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	md := (*xdpMd)(ctx)
	data, end := uintptr(md.Data), uintptr(md.DataEnd)
	if data == 0 || data+14 > end {
		return 0
	}
	s := sample{Len: uint32(end - data), First: uint32(*(*byte)(unsafe.Pointer(data))), Marker: 0xabcd}
	if bpfPerfEventOutput(ctx, unsafe.Pointer(&samples), bpfFCurrentCPU, unsafe.Pointer(&s), uint64(unsafe.Sizeof(s))) != 0 {
		return 0
	}
	return 2
}

func main() {}
