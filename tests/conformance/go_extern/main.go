//go:build tinygo

// //go:extern NAME above a body-less function decides which helper or kfunc
// its calls reach, whatever the Go name: currentIDs is the helper
// bpf_get_current_pid_tgid, taskFromPid and bpfKfunc the kernel's
// bpf_task_from_pid and bpf_task_release (bpfKfunc, the kfunc prefix with no
// name after it, says no kfunc: //go:extern names it). Run on the runner's
// thread, both must see the runner's pid.
package main

import "unsafe"

type bpfCoreTaskStruct struct {
	Pid  int32
	Tgid int32
}

//go:extern bpf_get_current_pid_tgid
func currentIDs() uint64

//go:extern bpf_task_from_pid
func taskFromPid(pid int32) *bpfCoreTaskStruct

//go:extern bpf_task_release
func bpfKfunc(task *bpfCoreTaskStruct)

var helperTgid, kfuncTgid uint32

//go:section syscall
//export go_extern
func go_extern(ctx unsafe.Pointer) int32 {
	tid := (*int32)(ctx)
	if tid == nil {
		return -22
	}
	helperTgid = uint32(currentIDs() >> 32)
	task := taskFromPid(*tid)
	if task == nil {
		return -3
	}
	kfuncTgid = uint32(task.Tgid)
	bpfKfunc(task)
	return 0
}

func main() {}
