//go:build tinygo

// bpf.PtRegs in uprobe and uretprobe programs: the runner attaches them to
// its own function tinybpf_conformance_target(long a, long b), which returns
// a + b, and calls it on its thread (targTid) with arguments of its choice.
// The entry program reads them with Arg1 and Arg2, the return program the
// sum with Ret.
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

var targTid uint32

var (
	entryHits, returnHits uint32
	entryA, entryB, ret   int64
)

func ours() bool { return uint32(bpf.GetCurrentPidTgid()) == targTid }

//go:section uprobe
//export on_entry
func on_entry(ctx *bpf.PtRegs) int32 {
	if ours() {
		entryHits++
		entryA, entryB = int64(ctx.Arg1()), int64(ctx.Arg2())
	}
	return 0
}

//go:section uretprobe
//export on_return
func on_return(ctx *bpf.PtRegs) int32 {
	if ours() {
		returnHits++
		ret = int64(ctx.Ret())
	}
	return 0
}

func main() {}
