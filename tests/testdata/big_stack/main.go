package main

import "unsafe"

func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64
func bpfRingbufOutput(ringbuf, data unsafe.Pointer, size, flags uint64) int64

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var events = bpfMapDef{Type: 27, MaxEntries: 4096}

// A record larger than the 512-byte BPF stack.
type bigRecord struct {
	Comm [16]byte
	Data [600]byte
}

//go:section tracepoint/syscalls/sys_enter_execve
//export on_exec
func on_exec(ctx unsafe.Pointer) int32 {
	var r bigRecord
	bpfGetCurrentComm(unsafe.Pointer(&r.Comm), 16)
	bpfRingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(&r), uint64(unsafe.Sizeof(r)), 0)
	return 0
}

func main() {}
