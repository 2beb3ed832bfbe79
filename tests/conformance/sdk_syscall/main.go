//go:build tinygo

// A syscall program through the SDK: its context is whatever struct the
// caller of BPF_PROG_TEST_RUN passes, here a Go type taken as a typed
// parameter. It may run without one, so it tests ctx for nil. What it read
// lands in an SDK hash map under the key the caller chose.
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

type request struct {
	Key   uint32
	Pid   uint32
	Value uint64
	Name  [8]byte
}

type answer struct {
	Pid   uint32
	First uint32 // Name[0]
	Value uint64
}

var answers = bpf.HashMap[uint32, answer]{MaxEntries: 8}

//go:section syscall
//export on_syscall
func on_syscall(ctx *request) int32 {
	if ctx == nil { // BPF_PROG_TEST_RUN without a context
		return -22
	}
	a := answer{Pid: ctx.Pid, First: uint32(ctx.Name[0]), Value: ctx.Value * 2}
	key := ctx.Key // a map key is on the stack: the verifier refuses ctx memory
	if answers.Update(&key, &a, bpf.UpdateNoExist) != 0 {
		return -17 // the key exists
	}
	return int32(ctx.Value) + int32(ctx.Key)
}

func main() {}
