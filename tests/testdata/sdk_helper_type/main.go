package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

//go:section tracepoint/syscalls/sys_enter_openat
//export on_open
func on_open(ctx *bpf.SyscallEnter) int32 {
	var name [64]byte
	size := uint64(len(name))
	bpf.ProbeReadUserStr(unsafe.Pointer(&name), size, unsafe.Pointer(uintptr(ctx.Args[1])))
	return int32(name[0])
}

func main() {}
