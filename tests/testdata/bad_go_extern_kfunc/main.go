// //go:extern names one kfunc, the bpfKfunc… Go name another: refused,
// naming both.
package main

import "unsafe"

type bpfCoreTaskStruct struct {
	Pid int32
}

//go:extern bpf_task_acquire
func bpfKfuncBpfTaskFromPid(pid int32) *bpfCoreTaskStruct

func bpfKfuncBpfTaskRelease(task *bpfCoreTaskStruct)

//go:section syscall
//export lookup
func lookup(ctx unsafe.Pointer) int32 {
	task := bpfKfuncBpfTaskFromPid(1)
	if task == nil {
		return 0
	}
	pid := task.Pid
	bpfKfuncBpfTaskRelease(task)
	return pid
}

func main() {}
