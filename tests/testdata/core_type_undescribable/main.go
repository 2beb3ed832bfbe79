// A kernel type with a field CO-RE cannot describe (a Go string: no C type
// has its layout), asked about with bpf.CoreTypeExists and nothing else
// wrong: refused at the call, and the CO-RE pass returns its error
// (tests/lib/passes/core_test.c, tests/cli/bad_input_test.sh).
package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

type TaskStruct struct {
	_    bpf.Kernel
	Pid  int32
	Name string
}

var out int64

// bpf.CoreTypeExists finds T by its name in the debug info: a variable of
// type *TaskStruct puts it there.
var last *TaskStruct

//go:section raw_tp/sys_enter
//export type_undescribable
func type_undescribable(ctx *bpf.Args) int32 {
	if bpf.CoreTypeExists[TaskStruct]() {
		out = 1
	}
	if last != nil {
		out = 2
	}
	return 0
}

func main() {}
