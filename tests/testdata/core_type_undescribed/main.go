// bpf.CoreTypeExists of a kernel type no variable of the program has: TinyGo
// then emits no description of it (inside the generic SDK function, *T is
// described as *runtime._interface), so tinybpf cannot name the kernel struct
// and says what to declare (tests/cli/bad_input_test.sh).
package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

type BpfRingbuf struct {
	_ bpf.Kernel
}

var out int64

//go:section raw_tp/sys_enter
//export has_ringbuf
func has_ringbuf(ctx *bpf.Args) int32 {
	if bpf.CoreTypeExists[BpfRingbuf]() {
		out = 1
	}
	return 0
}

func main() {}
