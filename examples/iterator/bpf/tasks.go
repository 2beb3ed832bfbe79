// A task iterator (iter/task): the kernel calls dump_task once for every task
// (thread) on the system, then once more with no task, and what it writes
// with bpf_seq_write is what a reader of the iterator reads — here one
// fixed-size record per task, which the tracer decodes. Compiled by TinyGo and
// tinybpf; tasks_stub.go keeps standard Go tooling happy.
//
// The kernel types (the context bpf_iter__task, bpf_iter_meta, task_struct, seq_file)
// are in kernel_gen.go, written from the kernel's BTF by
//
//	tinybpf types -o bpf/kernel_gen.go bpf_iter__task bpf_iter_meta task_struct seq_file
//
// Every field read through them is relocated (CO-RE) by the loader against the
// running kernel's BTF, so the object does not depend on this kernel's layout.

//go:build tinygo

package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

// taskRecord is what the tracer decodes; internal/task mirrors its layout.
type taskRecord struct {
	Tgid int32 // the process id
	Tid  int32 // the thread id (the kernel's task_struct.pid)
	Ppid int32 // the parent process's id
	_    int32
	Comm [16]byte
}

// targTgid, set by the tracer's -pid before load (.rodata), keeps only that
// process's threads: 0 keeps every task.
//
//go:section .rodata
var targTgid int32

//go:section iter/task
//export dump_task
func dump_task(ctx *bpf_iter__task) int32 {
	meta, task := ctx.Meta, ctx.Task
	if meta == nil || task == nil {
		return 0 // task: the call after the last task; meta: never, but Go asks
	}
	if targTgid != 0 && task.Tgid != targTgid {
		return 0
	}
	var rec taskRecord
	// The iterator's task is a pointer the verifier trusts (BTF): its fields
	// are plain loads.
	rec.Tgid = task.Tgid
	rec.Tid = task.Pid
	// The name in one probe read: a plain copy of the array is 16 loads and
	// 16 stores.
	bpf.CoreReadInto(&rec.Comm, &task.Comm)
	// real_parent is an RCU pointer the verifier does not trust on every
	// kernel: read through it with probe reads (a NULL one gives 0).
	rec.Ppid = bpf.CoreRead(&task.RealParent.Tgid)
	bpf.SeqWrite(unsafe.Pointer(meta.Seq), unsafe.Pointer(&rec), uint32(unsafe.Sizeof(rec)))
	return 0
}

func main() {}
