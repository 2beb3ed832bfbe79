// A stub pointer kept in a package variable: that store writes the pointer,
// not into the kernel struct, so only the read of task.Tgid is a field
// access to relocate (tests/lib/passes/core_test.c).
package main

import "unsafe"

type bpfCoreTaskStruct struct {
	Pid  int32
	Tgid int32
}

func bpfGetCurrentTask() uint64
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

var last *bpfCoreTaskStruct
var tgid int32

//go:section raw_tp/sys_enter
//export pointer_stored
func pointer_stored(ctx unsafe.Pointer) int32 {
	task := (*bpfCoreTaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	last = task
	bpfProbeReadKernel(unsafe.Pointer(&tgid), 4, unsafe.Pointer(&task.Tgid))
	return 0
}

func main() {}
