package main

import "unsafe"

func bpfGetCurrentComm(buf unsafe.Pointer) int64

//go:section tracepoint/syscalls/sys_enter_execve
//export on_exec
func on_exec(ctx unsafe.Pointer) int32 {
	var comm [16]byte
	return int32(bpfGetCurrentComm(unsafe.Pointer(&comm)))
}

func main() {}
