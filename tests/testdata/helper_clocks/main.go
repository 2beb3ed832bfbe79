package main

import "unsafe"

// Each helper's value, for tests/lib/passes/helpers_test.c to compare with
// the clocks and ids user space reads around the run.
func bpfKtimeGetNs() uint64
func bpfKtimeGetBootNs() uint64
func bpfKtimeGetCoarseNs() uint64
func bpfKtimeGetTaiNs() uint64
func bpfGetCurrentPidTgid() uint64
func bpfGetCurrentUidGid() uint64

var out [6]uint64

//go:section syscall
//export read_clocks
func read_clocks(ctx unsafe.Pointer) int32 {
	out[0] = bpfKtimeGetNs()
	out[1] = bpfKtimeGetBootNs()
	out[3] = bpfKtimeGetTaiNs()
	out[4] = bpfGetCurrentPidTgid()
	out[5] = bpfGetCurrentUidGid()
	return 0
}

// The coarse clock is not for tracing or syscall programs (it takes a
// seqlock): an XDP program reads it.
//
//go:section xdp
//export read_coarse
func read_coarse(ctx unsafe.Pointer) int32 {
	out[2] = bpfKtimeGetCoarseNs()
	return 2 // XDP_PASS
}

func main() {}
