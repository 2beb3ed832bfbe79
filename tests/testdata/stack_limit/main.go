// BPF's stack limit itself: LLVM's BPF backend (as clang for C) refuses a
// 512-byte frame already (an access at r10-512) and one of 520; neither gets
// the "near the limit" warning (stack_edge has the warning's own edge).
package main

import "unsafe"

func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64
func bpfRingbufOutput(ringbuf, data unsafe.Pointer, size, flags uint64) int64

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var samples = bpfMapDef{Type: 27, MaxEntries: 4096}

type sample512 struct {
	Comm  [16]byte
	Words [62]uint64
}

type sample520 struct {
	Comm  [16]byte
	Words [63]uint64
}

//go:section tracepoint/syscalls/sys_enter_execve
//export at_512
func at_512(ctx unsafe.Pointer) int32 {
	var s sample512
	bpfGetCurrentComm(unsafe.Pointer(&s.Comm), 16)
	bpfRingbufOutput(unsafe.Pointer(&samples), unsafe.Pointer(&s), uint64(unsafe.Sizeof(s)), 0)
	return 0
}

//go:section tracepoint/syscalls/sys_enter_execve
//export past_512
func past_512(ctx unsafe.Pointer) int32 {
	var s sample520
	bpfGetCurrentComm(unsafe.Pointer(&s.Comm), 16)
	bpfRingbufOutput(unsafe.Pointer(&samples), unsafe.Pointer(&s), uint64(unsafe.Sizeof(s)), 0)
	return 0
}

func main() {}
