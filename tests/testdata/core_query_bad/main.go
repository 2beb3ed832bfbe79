// Misuses of the SDK's CO-RE queries and reads that tinybpf refuses at the
// Go line (core.c).
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

type TaskStruct struct {
	_    bpf.Kernel
	Pid  int32
	Comm [16]byte
}

// Not a kernel type: no bpf.Kernel field first.
type sample struct {
	Pid int32
}

// A variable, not a constant: its value is not known when tinybpf builds.
var enumName = "pid_type"

var out [5]int64

func bpfGetCurrentTask() uint64

//go:section raw_tp/sys_enter
//export core_query_bad
func core_query_bad(ctx unsafe.Pointer) int32 {
	task := (*TaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	if bpf.CoreFieldSigned(&task.Comm) {
		out[0] = 1
	}
	out[1] = int64(bpf.CoreTypeSize[sample]())
	out[2] = bpf.CoreEnumValue(enumName, "PIDTYPE_TGID")
	out[3] = bpf.CoreEnumValue("enum pid_type", "PIDTYPE_TGID")
	whole := bpf.CoreRead(task)
	out[4] = int64(whole.Pid)
	// A variable of type *sample, so that the debug info describes sample
	// and CoreTypeSize[sample] is refused for what it is, not a kernel type
	// (without one: tests/testdata/core_type_undescribed).
	var s *sample
	_ = s
	return 0
}

func main() {}
