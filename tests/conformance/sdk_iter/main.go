//go:build tinygo

// A task iterator (iter/task) through the SDK: its context is the kernel's
// struct bpf_iter__task, declared here as CO-RE kernel types (the SDK has
// no iterator contexts; `tinybpf types bpf_iter__task` writes its pointer
// fields as uintptr, which libbpf refuses to relocate against the kernel's
// pointers). The runner attaches it, reads the iterator to its
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

// bpf_iter__task is the kernel's struct bpf_iter__task (two pointers, each
// in an anonymous union, which CO-RE looks through).
type bpf_iter__task struct {
	_    bpf.Kernel
	Meta *BpfIterMeta
	Task *TaskStruct
}

// BpfIterMeta is the kernel's struct bpf_iter_meta.
type BpfIterMeta struct {
	_      bpf.Kernel
	Seq    *SeqFile
	SeqNum uint64
}

// SeqFile is the kernel's struct seq_file, only passed on to bpf.SeqWrite.
type SeqFile struct {
	_ bpf.Kernel
}

var targTid uint32

type record struct {
	Tgid, Pid uint32
}

//go:section iter/task
//export dump_task
func dump_task(ctx *bpf_iter__task) int32 {
	task := ctx.Task
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
	bpf.SeqWrite(unsafe.Pointer(meta.Seq), unsafe.Pointer(&r), uint32(unsafe.Sizeof(r)))
	return 0
}

func main() {}
