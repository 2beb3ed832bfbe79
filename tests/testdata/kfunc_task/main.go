package main

import "unsafe"

// bpfCoreTaskStruct stands for the kernel's struct task_struct (docs/core.md):
// the reads below are relocated to the running kernel's offsets.
type bpfCoreTaskStruct struct {
	Pid  int32
	Tgid int32
	Comm [16]byte
}

// taskQuery is the context the test passes to BPF_PROG_TEST_RUN: a thread id
// in, what the kernel's task for it says out. tests/e2e/kfunc_task_test.c
// mirrors it.
type taskQuery struct {
	Pid  int32
	Tgid int32
	Comm [16]byte
}

// kfuncs (docs/kfuncs.md): the kernel's bpf_task_from_pid and
// bpf_task_release, resolved by the loader against the running kernel.
func bpfKfuncBpfTaskFromPid(pid int32) *bpfCoreTaskStruct
func bpfKfuncBpfTaskRelease(task *bpfCoreTaskStruct)

// kfunc_task looks the thread up, reads what the test checks from the task
// it acquired (a trusted pointer: no probe-read helper needed) and releases
// it, as the verifier demands. It returns the tgid too: a loader that cannot
// read the context back (cilium/ebpf) still sees it.
//
//go:section syscall
//export kfunc_task
func kfunc_task(ctx unsafe.Pointer) int32 {
	query := (*taskQuery)(ctx)
	if query == nil {
		return -22 // EINVAL: no context passed
	}
	task := bpfKfuncBpfTaskFromPid(query.Pid)
	if task == nil {
		return -3 // ESRCH
	}
	query.Tgid = task.Tgid
	query.Comm = task.Comm
	bpfKfuncBpfTaskRelease(task)
	return query.Tgid
}

func main() {}
