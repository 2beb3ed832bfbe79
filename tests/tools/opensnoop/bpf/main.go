//go:build tinygo

// opensnoop's BPF side in Go: on entry to open and openat, the file name
// pointer and the flags are remembered per thread when the filters keep the
// call; on exit, the process, user, result, comm and file name go to user
// space through a perf event array. Written from the logic of libbpf-tools'
// opensnoop.bpf.c, with the SDK.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

// Filters, set by the tracer before load (0, or all ones for the uid: none).
//
//go:section .rodata
var targPid uint32

//go:section .rodata
var targTgid uint32

//go:section .rodata
var targUID uint32 = 0xffffffff

//go:section .rodata
var targFailed = false

type args struct {
	Fname unsafe.Pointer
	Flags int32
}

type event struct {
	Pid   uint32
	UID   uint32
	Ret   int32
	Flags int32
	Comm  [16]byte
	Fname [255]byte
}

var start = bpf.HashMap[uint32, args]{MaxEntries: 10240}
var events = bpf.PerfEventArray[event]{}

func allowed(tgid, pid uint32) bool {
	if targTgid != 0 && targTgid != tgid {
		return false
	}
	if targPid != 0 && targPid != pid {
		return false
	}
	return targUID == 0xffffffff || targUID == uint32(bpf.GetCurrentUidGid())
}

func enter(fname uint64, flags uint64) int32 {
	id := bpf.GetCurrentPidTgid()
	tgid, pid := uint32(id>>32), uint32(id)
	if allowed(tgid, pid) {
		a := args{Fname: unsafe.Pointer(uintptr(fname)), Flags: int32(flags)}
		start.Update(&pid, &a, bpf.UpdateAny)
	}
	return 0
}

func exit(ctx *bpf.SyscallExit) int32 {
	pid := uint32(bpf.GetCurrentPidTgid())
	a := start.Lookup(&pid)
	if a == nil {
		return 0 // missed the entry
	}
	ret := int32(ctx.Ret)
	if !targFailed || ret < 0 {
		var ev event
		ev.Pid = uint32(bpf.GetCurrentPidTgid() >> 32)
		ev.UID = uint32(bpf.GetCurrentUidGid())
		bpf.GetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))
		bpf.ProbeReadUserStr(unsafe.Pointer(&ev.Fname), uint32(len(ev.Fname)), a.Fname)
		ev.Flags = a.Flags
		ev.Ret = ret
		events.Output(unsafe.Pointer(ctx), &ev, bpf.CurrentCPU)
	}
	start.Delete(&pid)
	return 0
}

//go:section tracepoint/syscalls/sys_enter_open
//export tracepoint__syscalls__sys_enter_open
func tracepoint__syscalls__sys_enter_open(ctx *bpf.SyscallEnter) int32 {
	return enter(ctx.Args[0], ctx.Args[1])
}

//go:section tracepoint/syscalls/sys_enter_openat
//export tracepoint__syscalls__sys_enter_openat
func tracepoint__syscalls__sys_enter_openat(ctx *bpf.SyscallEnter) int32 {
	return enter(ctx.Args[1], ctx.Args[2])
}

//go:section tracepoint/syscalls/sys_exit_open
//export tracepoint__syscalls__sys_exit_open
func tracepoint__syscalls__sys_exit_open(ctx *bpf.SyscallExit) int32 {
	return exit(ctx)
}

//go:section tracepoint/syscalls/sys_exit_openat
//export tracepoint__syscalls__sys_exit_openat
func tracepoint__syscalls__sys_exit_openat(ctx *bpf.SyscallExit) int32 {
	return exit(ctx)
}

func main() {}
