package main

import "unsafe"

type bpfCoreTaskStruct struct {
	Pid  int32
	Tgid int32
}

func bpfGetCurrentTask() uint64
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

// Copying the stub from the task's address reads the kernel's first bytes,
// not pid and tgid: tinybpf must refuse it.
//
//go:section raw_tp/sys_enter
//export wide_read
func wide_read(ctx unsafe.Pointer) int32 {
	task := (*bpfCoreTaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	if task == nil {
		return 0
	}
	var copied bpfCoreTaskStruct
	bpfProbeReadKernel(unsafe.Pointer(&copied), 8, unsafe.Pointer(task))
	return copied.Tgid
}

func main() {}
