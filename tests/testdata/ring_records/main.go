// Record types for loaders without a global variable: bpf.RingBuf[T] and
// bpf.PerfEventArray[T] carry T, and a bpfMapDef ring buffer's record type is
// taken from what the program sends it. tests/cli/generate_test.sh generates
// a loader and tests/generate reads the records through its types.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

type sdkEvent struct {
	Seq  uint32
	Kind uint16
	Tag  [3]byte
	Tid  uint64 // at 16: Go aligns it to 8
}

type rawEvent struct {
	Magic uint64
	Seq   uint32
}

type perfSample struct {
	A, B uint32
}

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var events = bpf.RingBuf[sdkEvent]{MaxEntries: 4096}

var rawEvents = bpfMapDef{Type: bpf.MapTypeRingbuf, MaxEntries: 4096}

var samples = bpf.PerfEventArray[perfSample]{}

var seq uint32

// send: the record travels as a pointer with Go debug info (a parameter),
// which is how the maps pass learns rawEvents' record type.
func send(ev *rawEvent) {
	bpf.RingbufOutput(unsafe.Pointer(&rawEvents), unsafe.Pointer(ev), uint64(unsafe.Sizeof(*ev)), 0)
}

//go:section raw_tp/sys_enter
//export emit
func emit(ctx *bpf.Args) int32 {
	seq++
	if ev := events.Reserve(0); ev != nil {
		ev.Seq = seq
		ev.Kind = 0x1234
		ev.Tag = [3]byte{'a', 'b', 'c'}
		ev.Tid = bpf.GetCurrentPidTgid() & 0xffffffff
		events.Submit(ev, 0)
	}
	raw := rawEvent{Magic: 0x1122334455667788, Seq: seq}
	send(&raw)
	s := perfSample{A: seq, B: 7}
	samples.Output(unsafe.Pointer(ctx), &s, bpf.CurrentCPU)
	return 0
}

func main() {}
