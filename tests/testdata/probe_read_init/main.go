package main

import "unsafe"

// Probe reads into zeroed Go variables, for
// tests/lib/passes/probe_read_init_test.c: the zero stores under each read
// go, the ones beside it stay. One program a shape beyond `reads`, so that
// each program's stack holds one variable.
func bpfProbeRead(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfProbeReadUser(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfProbeReadUserStr(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfRingbufOutput(ringbuf, data unsafe.Pointer, size, flags uint64) int64

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var events = bpfMapDef{Type: 27, MaxEntries: 4096}

//go:section raw_tp/sys_enter
//export reads
func reads(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	args := (*[2]uint64)(ctx)

	var whole [2]uint64 // the first half read, the second kept zero
	bpfProbeReadKernel(unsafe.Pointer(&whole[0]), 8, unsafe.Pointer(&args[1]))
	bpfRingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(&whole), 16, 0)

	var user [16]byte // the same through the user-memory helper
	bpfProbeReadUser(unsafe.Pointer(&user), 8, unsafe.Pointer(uintptr(args[0])))
	bpfRingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(&user), 16, 0)

	var name [16]byte // a string read writes only up to its NUL: all zeroes stay
	bpfProbeReadUserStr(unsafe.Pointer(&name), 16, unsafe.Pointer(uintptr(args[0])))
	bpfRingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(&name), 16, 0)
	return 0
}

// bpf_probe_read (helper 4) into the second half, an address inside the
// variable: the first half keeps its zero.
//
//go:section raw_tp/sys_enter
//export upper_half
func upper_half(ctx unsafe.Pointer) int32 {
	var halves [2]uint64
	bpfProbeRead(unsafe.Pointer(&halves[1]), 8, ctx)
	bpfRingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(&halves), 16, 0)
	return 0
}

// bpf_get_current_comm (two arguments, no source) into 24 bytes: the last 8
// keep their zero.
//
//go:section raw_tp/sys_enter
//export comm_prefix
func comm_prefix(ctx unsafe.Pointer) int32 {
	var name [24]byte
	bpfGetCurrentComm(unsafe.Pointer(&name), 16)
	bpfRingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(&name), 24, 0)
	return 0
}

// A scalar, read and then loaded: Go's zero is one store to the variable
// itself.
//
//go:section raw_tp/sys_enter
//export scalar
func scalar(ctx unsafe.Pointer) int32 {
	var v uint64
	bpfProbeReadKernel(unsafe.Pointer(&v), 8, ctx)
	return int32(v >> 3)
}

func main() {}
