//go:build tinygo

// Typed contexts of the program types the host refuses, through the SDK, built
// for each GOARCH the guests run (amd64 and arm64): fentry, fexit, fmod_ret
// and tp_btf take *bpf.Args, a kprobe and a kretprobe *bpf.PtRegs (the
// GOARCH's pt_regs), an LSM hook *bpf.Args, a perf_event program
// *bpf.PerfEventData (the GOARCH's sample registers). Each records, for the
// process targPid only, what it saw of an unlinkat(2) (or an open, for the
// LSM hook; a getsid(2), for fmod_ret; a busy loop, for perf_event) that
// sdk_contexts_test.c and its cilium/ebpf twin make, with the values the
// loader sets below.
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

// Set by the loader: its pid, the system call number of unlinkat on its
// architecture (<sys/syscall.h>), and the address ranges its busy loop runs
// in (its code, and its stack around a local variable).
var targPid uint32
var targSyscall uint64
var busyLo, busyHi, stackLo, stackHi uint64

func ours() bool { return uint32(bpf.GetCurrentPidTgid()>>32) == targPid }

// do_unlinkat(int dfd, struct filename *name)
var fentryDfd, fexitRet, kprobeDfd, kretRet int64
var fentryHits, fexitHits, kprobeHits, kretHits, tpHits, lsmHits uint32
var tpSyscall uint64
var samples, samplesInBusy, samplesOnStack uint32

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

//go:section kretprobe/do_unlinkat
//export on_kretprobe
func on_kretprobe(ctx *bpf.PtRegs) int32 {
	if ours() {
		kretRet = int64(int32(ctx.Ret()))
		kretHits++
	}
	return 0
}

// security_task_getsid(struct task_struct *p), which getsid(2) calls: an
// fmod_ret program may replace the return of a security_ function (the
// verifier's check_attach_modify_return). Its second slot is the return
// value so far (0: no fmod_ret before this one); non-zero skips the function
// and becomes its return value, here -EPERM for the loader's process only.
var fmodRetSeen int64
var fmodHits, fmodTaskIsCurrent uint32

//go:section fmod_ret/security_task_getsid
//export on_fmod_ret
func on_fmod_ret(ctx *bpf.Args) int32 {
	if !ours() {
		return 0
	}
	fmodHits++
	fmodRetSeen = int64(int32(ctx[1]))
	if ctx[0] == uint64(bpf.GetCurrentTask()) { // getsid(getpid()): p is the caller
		fmodTaskIsCurrent = 1
	}
	return -1 // -EPERM
}

// sys_enter(struct pt_regs *regs, long id)
//
//go:section tp_btf/sys_enter
//export on_sys_enter
func on_sys_enter(ctx *bpf.Args) int32 {
	if ours() && ctx[1] == targSyscall {
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

// A task-clock sample of the loader's busy loop (user mode only): its
// instruction pointer lies in the loop's code, its stack pointer near the
// loop's local variable, if IP() and SP() read the right registers.
//
//go:section perf_event
//export on_sample
func on_sample(ctx *bpf.PerfEventData) int32 {
	if !ours() {
		return 0
	}
	samples++
	if ip := ctx.Regs.IP(); ip >= busyLo && ip < busyHi {
		samplesInBusy++
	}
	if sp := ctx.Regs.SP(); sp >= stackLo && sp < stackHi {
		samplesOnStack++
	}
	return 0
}

func main() {}
