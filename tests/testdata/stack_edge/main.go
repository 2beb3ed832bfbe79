package main

import "unsafe"

func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64
func bpfRingbufOutput(ringbuf, data unsafe.Pointer, size, flags uint64) int64

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var samples = bpfMapDef{Type: 27, MaxEntries: 4096}

// Frames on either side of the 384-byte warning: 384 bytes warns, 376 (the
// next smaller frame of 8-byte words) does not.
type sample384 struct {
	Comm  [16]byte
	Words [46]uint64
}

type sample376 struct {
	Comm  [16]byte
	Words [45]uint64
}

//go:section tracepoint/syscalls/sys_enter_execve
//export at_384
func at_384(ctx unsafe.Pointer) int32 {
	var s sample384
	bpfGetCurrentComm(unsafe.Pointer(&s.Comm), 16)
	bpfRingbufOutput(unsafe.Pointer(&samples), unsafe.Pointer(&s), uint64(unsafe.Sizeof(s)), 0)
	return 0
}

//go:section tracepoint/syscalls/sys_enter_execve
//export below_384
func below_384(ctx unsafe.Pointer) int32 {
	var s sample376
	bpfGetCurrentComm(unsafe.Pointer(&s.Comm), 16)
	bpfRingbufOutput(unsafe.Pointer(&samples), unsafe.Pointer(&s), uint64(unsafe.Sizeof(s)), 0)
	return 0
}

func bpfGetPrandomU32() uint32

// No stack at all, but a register copy given a negative constant (r0 = r1;
// r0 += -400): only an address computed from r10 is a frame offset.
//
//go:section tracepoint/syscalls/sys_enter_execve
//export no_frame
func no_frame(ctx unsafe.Pointer) int32 {
	v := int64(bpfGetPrandomU32())
	return int32(((v - 400) * v) >> 32)
}

func main() {}
