// Misuses of bpf.CoreRead that tinybpf refuses at the Go line (core_read.c).
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

type TaskStruct struct {
	_                bpf.Kernel
	Pid              int32
	SchedResetOnFork bpf.Bitfield
	_                [4]byte
}

// Not a kernel type: no bpf.Kernel field first.
type sample struct {
	Pid int32
}

var out [3]int64

func bpfGetCurrentTask() uint64

//go:section raw_tp/sys_enter
//export core_read_bad
func core_read_bad(ctx unsafe.Pointer) int32 {
	task := (*TaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	s := (*sample)(ctx)
	var buf [16]byte
	out[0] = int64(bpf.CoreRead(&s.Pid))
	_ = bpf.CoreRead(&task.SchedResetOnFork)
	out[2] = bpf.CoreReadStr(buf[:], &task.Pid)
	return 0
}

func main() {}
