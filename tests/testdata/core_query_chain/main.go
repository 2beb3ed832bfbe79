// A field query through pointers the program loads (task.RealParent,
// task.RealParent.RealParent): a query reads nothing, so those loads are
// only steps of its CO-RE access, and their nil checks go with the query's
// (core_read.c): a nil parent cannot panic a program that reads nothing
// through it.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

type TaskStruct struct {
	_          bpf.Kernel
	Pid        int32
	Tgid       int32
	RealParent *TaskStruct
}

var out [2]uint32

func bpfGetCurrentTask() uint64

//go:section raw_tp/sys_enter
//export query_chain
func query_chain(ctx unsafe.Pointer) int32 {
	task := (*TaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	out[0] = bpf.CoreFieldSize(&task.RealParent.Tgid)
	out[1] = bpf.CoreFieldSize(&task.RealParent.RealParent.Pid)
	return 0
}

func main() {}
