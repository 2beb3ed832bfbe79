//go:build tinygo

// mountsnoop's BPF side in Go: on entry to mount and umount, the arguments
// are remembered per thread; on exit, the call, its result, the caller and
// its mount namespace are assembled in a per-CPU scratch record (8.7 KB:
// two paths of 4096 bytes, far over the 512-byte stack) and sent through a
// perf event array. Written from the logic of libbpf-tools' mountsnoop.bpf.c,
// with the SDK.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

const (
	opMount  = 1
	opUmount = 2
)

// Set by the tracer before load: the process to trace, 0 for all.
//
//go:section .rodata
var targetPid uint32

type arg struct {
	Ts    uint64
	Op    uint32
	Flags uint64
	Src   unsafe.Pointer
	Dest  unsafe.Pointer
	Fs    unsafe.Pointer
	Data  unsafe.Pointer
}

type event struct {
	Delta uint64
	Pid   uint32
	Tid   uint32
	MntNs uint32
	Ret   int32
	Op    uint32
	Comm  [16]byte
	Flags uint64
	Fs    [8]byte
	Src   [4096]byte
	Dest  [4096]byte
	Data  [512]byte
}

// The kernel's structs on the way to the mount namespace's inode number,
// relocated by name at load.
type TaskStruct struct {
	_       bpf.Kernel
	Nsproxy *Nsproxy
}

type Nsproxy struct {
	_     bpf.Kernel
	MntNs *MntNamespace
}

type MntNamespace struct {
	_  bpf.Kernel
	Ns NsCommon
}

type NsCommon struct {
	_    bpf.Kernel
	Inum uint32
}

var args = bpf.HashMap[uint32, arg]{MaxEntries: 10240}
var heap = bpf.PerCPUArray[event]{MaxEntries: 1}
var events = bpf.PerfEventArray[event]{}

func entry(a *arg) int32 {
	id := bpf.GetCurrentPidTgid()
	pid, tid := uint32(id>>32), uint32(id)
	if targetPid != 0 && targetPid != pid {
		return 0
	}
	a.Ts = bpf.KtimeGetNs()
	args.Update(&tid, a, bpf.UpdateAny)
	return 0
}

func exit(ctx *bpf.SyscallExit) int32 {
	id := bpf.GetCurrentPidTgid()
	tid := uint32(id)
	a := args.Lookup(&tid)
	if a == nil {
		return 0
	}
	if ev := heap.Lookup(0); ev != nil {
		task := (*TaskStruct)(unsafe.Pointer(uintptr(bpf.GetCurrentTask())))
		ev.Delta = bpf.KtimeGetNs() - a.Ts
		ev.Op = a.Op
		ev.Pid = uint32(id >> 32)
		ev.Tid = tid
		ev.MntNs = bpf.CoreRead(&task.Nsproxy.MntNs.Ns.Inum)
		ev.Ret = int32(ctx.Ret)
		bpf.GetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))
		ev.Flags = a.Flags
		switch a.Op {
		case opMount:
			bpf.ProbeReadUserStr(unsafe.Pointer(&ev.Src), uint32(len(ev.Src)), a.Src)
			bpf.ProbeReadUserStr(unsafe.Pointer(&ev.Dest), uint32(len(ev.Dest)), a.Dest)
			bpf.ProbeReadUserStr(unsafe.Pointer(&ev.Fs), uint32(len(ev.Fs)), a.Fs)
			bpf.ProbeReadUserStr(unsafe.Pointer(&ev.Data), uint32(len(ev.Data)), a.Data)
		case opUmount:
			bpf.ProbeReadUserStr(unsafe.Pointer(&ev.Dest), uint32(len(ev.Dest)), a.Dest)
		}
		events.Output(unsafe.Pointer(ctx), ev, bpf.CurrentCPU)
	}
	args.Delete(&tid)
	return 0
}

//go:section tracepoint/syscalls/sys_enter_mount
//export mount_entry
func mount_entry(ctx *bpf.SyscallEnter) int32 {
	a := arg{
		Op:    opMount,
		Src:   unsafe.Pointer(uintptr(ctx.Args[0])),
		Dest:  unsafe.Pointer(uintptr(ctx.Args[1])),
		Fs:    unsafe.Pointer(uintptr(ctx.Args[2])),
		Flags: ctx.Args[3],
		Data:  unsafe.Pointer(uintptr(ctx.Args[4])),
	}
	return entry(&a)
}

//go:section tracepoint/syscalls/sys_exit_mount
//export mount_exit
func mount_exit(ctx *bpf.SyscallExit) int32 {
	return exit(ctx)
}

//go:section tracepoint/syscalls/sys_enter_umount
//export umount_entry
func umount_entry(ctx *bpf.SyscallEnter) int32 {
	a := arg{
		Op:    opUmount,
		Dest:  unsafe.Pointer(uintptr(ctx.Args[0])),
		Flags: ctx.Args[1],
	}
	return entry(&a)
}

//go:section tracepoint/syscalls/sys_exit_umount
//export umount_exit
func umount_exit(ctx *bpf.SyscallExit) int32 {
	return exit(ctx)
}

func main() {}
