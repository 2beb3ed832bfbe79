// An fentry program beside a tracepoint program, for `tinybpf verify` on a
// kernel that loads no tracing programs (the test host refuses them): the
// fentry program is reported as refused, the tracepoint program verified.
package main

import "unsafe"

func bpfGetCurrentPidTgid() uint64

//go:section fentry/do_unlinkat
//export unlink_entry
func unlink_entry(ctx unsafe.Pointer) int32 {
	return int32(bpfGetCurrentPidTgid() >> 32)
}

//go:section tracepoint/syscalls/sys_enter_unlinkat
//export unlink_tracepoint
func unlink_tracepoint(ctx unsafe.Pointer) int32 {
	return int32(bpfGetCurrentPidTgid() >> 32)
}

func main() {}
