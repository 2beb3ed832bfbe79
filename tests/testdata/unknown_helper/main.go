package main

import "unsafe"

func bpfGetCurrentPidTgd() uint64

//go:section tracepoint/syscalls/sys_enter_execve
//export on_exec
func on_exec(ctx unsafe.Pointer) int32 {
	return int32(bpfGetCurrentPidTgd() >> 32)
}

func main() {}
