// A tp_btf program the verifier rejects (it reads a 12th argument of
// sched_switch, which has four), for `tinybpf verify` on a kernel that
// refuses fentry but loads tp_btf, both of the tracing type: a rejection,
// not "refused by this kernel".
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

var _ unsafe.Pointer

//go:section tp_btf/sched_switch
//export switch_past_args
func switch_past_args(ctx *bpf.Args) int32 {
	return int32(ctx[11])
}

func main() {}
