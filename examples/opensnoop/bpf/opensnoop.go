// Compiled by TinyGo and tinybpf (scripts/build.sh), written with tinybpf's Go
// SDK; opensnoop_stub.go keeps standard Go tooling happy. The logic is that of
// libbpf-tools' opensnoop: the enter tracepoints remember each thread's
// filename pointer and flags in a hash map, the exit tracepoints add the
// result and send one event per open to userspace. tinybpf.json gives each
// program its tracepoint section.

//go:build tinygo

package main

import (
	"sync/atomic"
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

const invalidUID = 0xffffffff // (uid_t)-1: no uid filter

// Filters, set by the tracer before load through the object's .rodata
// (cilium/ebpf CollectionSpec.Variables); the verifier then sees constants
// and drops the checks that are off. 0 turns the pid filters off.

//go:section .rodata
var targTgid uint32 // -p: only this process

//go:section .rodata
var targPid uint32 // -t: only this thread

//go:section .rodata
var targUid uint32 = invalidUID // -u: only this user

//go:section .rodata
var targFailed bool // -x: only failed opens

// openArgs is what an enter tracepoint leaves for the exit of the same call.
type openArgs struct {
	Fname uintptr // const char __user *
	Flags int32
}

// openEvent is what the tracer decodes; internal/event mirrors its layout.
type openEvent struct {
	Pid   uint32
	Uid   uint32
	Ret   int32 // the fd, or -errno
	Flags int32
	Comm  [16]byte  // TASK_COMM_LEN
	Fname [255]byte // NAME_MAX; Go pads the struct to 288 bytes, as C does
}

// start maps a thread id to the open it is in.
var start = bpf.HashMap[uint32, openArgs]{MaxEntries: 10240}

// events has one perf buffer per CPU: without MaxEntries, the loader (libbpf,
// cilium/ebpf) sizes it to the number of possible CPUs.
var events = bpf.PerfEventArray[openEvent]{}

// dropped counts the events bpf_perf_event_output could not send; the tracer
// reads it (a .bss variable) and reports them as lost. A full perf buffer
// also reports its losses as lost samples, but only with the next sample
// that fits, so those can arrive late or never: this count is the complete one.
var dropped uint64

// traceEnter remembers the filename and flags of an open the filters allow.
// Kernel terms: tgid is the process, pid the thread.
func traceEnter(fname uint64, flags uint64) {
	id := bpf.GetCurrentPidTgid()
	tgid, pid := uint32(id>>32), uint32(id)
	if (targTgid != 0 && targTgid != tgid) || (targPid != 0 && targPid != pid) {
		return
	}
	if targUid != invalidUID && uint32(bpf.GetCurrentUidGid()) != targUid {
		return
	}
	args := openArgs{Fname: uintptr(fname), Flags: int32(flags)}
	start.Update(&pid, &args, bpf.UpdateAny)
}

// open(const char *filename, int flags, umode_t mode)
//
//export enter_open
func enter_open(ctx *bpf.SyscallEnter) int32 {
	traceEnter(ctx.Args[0], ctx.Args[1])
	return 0
}

// openat(int dfd, const char *filename, int flags, umode_t mode)
//
//export enter_openat
func enter_openat(ctx *bpf.SyscallEnter) int32 {
	traceEnter(ctx.Args[1], ctx.Args[2])
	return 0
}

// traceExit sends the event of an open whose entry was remembered, unless
// only failures are wanted and it succeeded, and forgets the entry.
func traceExit(ctx *bpf.SyscallExit) int32 {
	pid := uint32(bpf.GetCurrentPidTgid())
	ap := start.Lookup(&pid)
	if ap == nil {
		return 0 // the entry was filtered out, or happened before attach
	}
	if ret := int32(ctx.Ret); !targFailed || ret < 0 {
		var ev openEvent
		ev.Pid = uint32(bpf.GetCurrentPidTgid() >> 32)
		ev.Uid = uint32(bpf.GetCurrentUidGid())
		bpf.GetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))
		bpf.ProbeReadUserStr(unsafe.Pointer(&ev.Fname), uint32(len(ev.Fname)), unsafe.Pointer(ap.Fname))
		ev.Flags = ap.Flags
		ev.Ret = ret
		if events.Output(unsafe.Pointer(ctx), &ev, bpf.CurrentCPU) < 0 {
			atomic.AddUint64(&dropped, 1)
		}
	}
	start.Delete(&pid)
	return 0
}

//export exit_open
func exit_open(ctx *bpf.SyscallExit) int32 { return traceExit(ctx) }

//export exit_openat
func exit_openat(ctx *bpf.SyscallExit) int32 { return traceExit(ctx) }

func main() {}
