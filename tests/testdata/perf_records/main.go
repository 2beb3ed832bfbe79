// A bpfMapDef perf event array's record type is taken from what the program
// sends it with bpf_perf_event_output (the map is its second argument):
// tests/lib/maps_test.c reads it from the map's BTF.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type rawSample struct {
	Seq, Tag uint32
	Time     uint64
}

var rawSamples = bpfMapDef{Type: bpf.MapTypePerfEventArray, KeySize: 4, ValueSize: 4}

// sendSample: the record travels as a pointer with Go debug info (a
// parameter), which is how the maps pass learns its type.
func sendSample(ctx unsafe.Pointer, s *rawSample) {
	bpf.PerfEventOutput(ctx, unsafe.Pointer(&rawSamples), bpf.CurrentCPU, unsafe.Pointer(s), uint64(unsafe.Sizeof(*s)))
}

//go:section raw_tp/sys_enter
//export sample
func sample(ctx *bpf.Args) int32 {
	s := rawSample{Seq: 1, Tag: 7, Time: bpf.KtimeGetNs()}
	sendSample(unsafe.Pointer(ctx), &s)
	return 0
}

func main() {}
