//go:build tinygo

// A raw tracepoint program, run with BPF_PROG_TEST_RUN on the test's own
// thread: it sends the caller's pid and tid and its two arguments to a ring buffer.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var events = bpfMapDef{Type: 27 /* ringbuf */, MaxEntries: 1 << 14}

type event struct {
	PID, TID   uint32
	Arg0, Arg1 uint64
}

func bpfGetCurrentPidTgid() uint64
func bpfRingbufOutput(ringbuf, data unsafe.Pointer, size, flags uint64) int64

//go:section raw_tp/sys_enter
//export send_event
func send_event(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 1
	}
	args := (*[2]uint64)(ctx)
	id := bpfGetCurrentPidTgid()
	ev := event{PID: uint32(id >> 32), TID: uint32(id), Arg0: args[0], Arg1: args[1]}
	return int32(bpfRingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(&ev), uint64(unsafe.Sizeof(ev)), 0))
}

func main() {}
