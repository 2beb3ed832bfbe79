// A syscall program that looks a task up by its id with the kfuncs
// bpf_task_from_pid and bpf_task_release (docs/kfuncs.md) and reads what the
// kernel's task_struct says about it. User space runs it with
// BPF_PROG_TEST_RUN, passing a taskQuery as the context, and reads the
// answer back from it.
// Compiled by TinyGo and tinybpf; task_stub.go keeps standard Go tooling happy.

//go:build tinygo

package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

// taskQuery is the program's context: the id to look up in, the task's
// fields out. internal/loader mirrors its layout.
type taskQuery struct {
	Pid  int32 // in: a thread id, as gettid(2) gives (the main thread's is the process id)
	Tgid int32 // out: the process (thread group) it belongs to
	Ppid int32 // out: the process id of its parent
	_    int32
	Comm [16]byte // out: the thread's command name
}

// The kfuncs, resolved by the loader against the running kernel's BTF.
// TaskStruct is struct task_struct, written by `tinybpf types` into
// kernel_gen.go: the fields read below are relocated by name at load.
func bpfKfuncBpfTaskFromPid(pid int32) *TaskStruct
func bpfKfuncBpfTaskRelease(task *TaskStruct)

// task_lookup returns 0 and fills the query, -ESRCH (-3) when no task has the
// id, -EINVAL (-22) without a context. The verifier demands that the task
// bpf_task_from_pid acquired is released on every path.
//
//go:section syscall
//export task_lookup
func task_lookup(ctx unsafe.Pointer) int32 {
	query := (*taskQuery)(ctx)
	if query == nil {
		return -22
	}
	task := bpfKfuncBpfTaskFromPid(query.Pid)
	if task == nil {
		return -3
	}
	// A pointer a kfunc returns is trusted: its fields are read directly.
	query.Tgid = task.Tgid
	query.Comm = task.Comm
	// real_parent is not: the pointer read from the task is only good for
	// the kernel-read helper, which bpf.CoreRead uses.
	query.Ppid = bpf.CoreRead(&task.RealParent.Tgid)
	bpfKfuncBpfTaskRelease(task)
	return 0
}

func main() {}
