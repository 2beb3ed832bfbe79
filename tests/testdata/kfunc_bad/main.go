package main

import "unsafe"

type bpfCoreTaskStruct struct {
	Pid  int32
	Tgid int32
}

func bpfKfuncBpfTaskFromPid(pid int32) *bpfCoreTaskStruct
func bpfKfuncBpfTaskRelease(task *bpfCoreTaskStruct)
func bpfKfunc(pid int32)

//go:section syscall
//export kfunc_bad
func kfunc_bad(ctx unsafe.Pointer) int32 {
	task := bpfKfuncBpfTaskFromPid(1)
	if task == nil {
		return 0
	}
	// The argument is no variable: its Go type is not in the IR.
	bpfKfuncBpfTaskRelease((*bpfCoreTaskStruct)(unsafe.Pointer(uintptr(unsafe.Pointer(task)) + 0)))
	bpfKfunc(2)
	return 0
}

func main() {}
