//go:build tinygo

// Typed contexts of the program types the host refuses, through the SDK:
// fentry, fexit and tp_btf take *bpf.Args, a kprobe *bpf.PtRegs, an LSM
// hook *bpf.Args. Each records, for the process targPid only, what it saw
// of an unlinkat(2) (or an open, for the LSM hook) that
// sdk_contexts_test.c makes. Runs in the 6.1 and 6.12 guests.
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

func bpfGetCurrentPidTgid() uint64

var targPid uint32

func ours() bool { return uint32(bpfGetCurrentPidTgid()>>32) == targPid }

// do_unlinkat(int dfd, struct filename *name)
var fentryDfd, fexitRet int64
var fentryHits, fexitHits, kprobeHits, tpHits, lsmHits uint32
var kprobeDfd int64
var tpSyscall uint64

//go:section fentry/do_unlinkat
//export on_fentry
func on_fentry(ctx *bpf.Args) int32 {
	if ours() {
		fentryDfd = int64(int32(ctx[0]))
		fentryHits++
	}
	return 0
}

//go:section fexit/do_unlinkat
//export on_fexit
func on_fexit(ctx *bpf.Args) int32 {
	if ours() {
		fexitRet = int64(int32(ctx.Ret(2)))
		fexitHits++
	}
	return 0
}

//go:section kprobe/do_unlinkat
//export on_kprobe
func on_kprobe(ctx *bpf.PtRegs) int32 {
	if ours() {
		kprobeDfd = int64(int32(ctx.Arg1()))
		kprobeHits++
	}
	return 0
}

// sys_enter(struct pt_regs *regs, long id)
//
//go:section tp_btf/sys_enter
//export on_sys_enter
func on_sys_enter(ctx *bpf.Args) int32 {
	if ours() && ctx[1] == 263 /* x86_64 unlinkat */ {
		tpSyscall = ctx[1]
		tpHits++
	}
	return 0
}

// file_open(struct file *file): 0 allows the open.
//
//go:section lsm/file_open
//export on_file_open
func on_file_open(ctx *bpf.Args) int32 {
	if ours() && ctx[0] != 0 {
		lsmHits++
	}
	return 0
}

func main() {}
