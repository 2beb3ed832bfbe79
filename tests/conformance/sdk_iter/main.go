//go:build tinygo

// A task iterator (iter/task) through the SDK: its context is
// *bpf.Iter[TaskStruct] (the kernel's struct bpf_iter__task), the task a
// CO-RE kernel type. The runner attaches it, reads the iterator to its
// end, and expects one record: the tgid and pid of the runner's own thread
// (targTid, which it sets), written with bpf.SeqWrite.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

// TaskStruct is the kernel's struct task_struct, only the fields read here:
// a CO-RE type, relocated by name to where the running kernel has them.
type TaskStruct struct {
	_    bpf.Kernel
	Pid  int32
	Tgid int32
}

var targTid uint32

type record struct {
	Tgid, Pid uint32
}

//go:section iter/task
//export dump_task
func dump_task(ctx *bpf.Iter[TaskStruct]) int32 {
	task := ctx.Object
	if task == nil { // the iterator's last call, after every task
		return 0
	}
	if uint32(task.Pid) != targTid {
		return 0
	}
	meta := ctx.Meta
	if meta == nil { // never: Go needs to see the test
		return 0
	}
	r := record{Tgid: uint32(task.Tgid), Pid: uint32(task.Pid)}
	bpf.SeqWrite(meta.Seq, unsafe.Pointer(&r), uint32(unsafe.Sizeof(r)))
	return 0
}

func main() {}
