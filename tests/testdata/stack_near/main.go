package main

import "unsafe"

func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64
func bpfRingbufOutput(ringbuf, data unsafe.Pointer, size, flags uint64) int64

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var samples = bpfMapDef{Type: 27, MaxEntries: 4096}

// 416 bytes: within BPF's 512-byte stack, but close enough for a warning.
type sample struct {
	Comm  [16]byte
	Words [50]uint64
}

//go:section tracepoint/syscalls/sys_enter_execve
//export on_exec
func on_exec(ctx unsafe.Pointer) int32 {
	var s sample
	bpfGetCurrentComm(unsafe.Pointer(&s.Comm), 16)
	bpfRingbufOutput(unsafe.Pointer(&samples), unsafe.Pointer(&s), uint64(unsafe.Sizeof(s)), 0)
	return 0
}

func main() {}
