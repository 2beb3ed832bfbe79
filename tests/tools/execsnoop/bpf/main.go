//go:build tinygo

// execsnoop's BPF side in Go: on entry to execve, the file name and up to
// maxArgs arguments are copied, one after the other, into a record kept per
// thread in a hash map (it is 7.7 KB, far over the 512-byte stack); on exit
// the record gets the return value and the new comm and goes to user space
// through a ring buffer. Written from the logic of libbpf-tools'
// execsnoop.bpf.c, with the SDK.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

const (
	argSize      = 128 // the most read of one argument
	totalMaxArgs = 60
	argsCap      = totalMaxArgs * argSize
	lastArg      = argsCap - argSize // the last offset a whole argument fits at
	invalidUID   = 0xffffffff
)

// Set by the tracer before load.
//
//go:section .rodata
var ignoreFailed = true

//go:section .rodata
var targUID uint32 = invalidUID

//go:section .rodata
var maxArgs int32 = 20

type event struct {
	Pid       int32
	Ppid      int32
	UID       uint32
	Retval    int32
	ArgsCount int32
	ArgsSize  uint32
	Comm      [16]byte
	Args      [argsCap]byte // NUL-separated
}

// TaskStruct is the kernel's struct task_struct: the fields read here are
// relocated by name at load.
type TaskStruct struct {
	_          bpf.Kernel
	Tgid       int32
	RealParent *TaskStruct
}

var empty event

var execs = bpf.HashMap[int32, event]{MaxEntries: 10240}
var events = bpf.RingBuf[event]{MaxEntries: 1 << 20}

func allowed(uid uint32) bool {
	return targUID == invalidUID || targUID == uid
}

//go:section tracepoint/syscalls/sys_enter_execve
//export enter_execve
func enter_execve(ctx *bpf.SyscallEnter) int32 {
	uid := uint32(bpf.GetCurrentUidGid())
	if !allowed(uid) {
		return 0
	}
	id := bpf.GetCurrentPidTgid()
	tid := int32(id)
	if execs.Update(&tid, &empty, bpf.UpdateNoExist) != 0 {
		return 0
	}
	ev := execs.Lookup(&tid)
	if ev == nil {
		return 0
	}
	ev.Pid = int32(id >> 32)
	ev.UID = uid
	task := (*TaskStruct)(unsafe.Pointer(uintptr(bpf.GetCurrentTask())))
	ev.Ppid = bpf.CoreRead(&task.RealParent.Tgid)

	n := bpf.ProbeReadUserStr(unsafe.Pointer(&ev.Args), argSize, unsafe.Pointer(uintptr(ctx.Args[0])))
	if n > 0 && n <= argSize {
		ev.ArgsSize = uint32(n)
	} else {
		ev.Args[0] = 0 // an empty string
		ev.ArgsSize = 1
	}
	ev.ArgsCount = 1

	argv := unsafe.Pointer(uintptr(ctx.Args[1]))
	var arg unsafe.Pointer
	for i := int32(1); i < totalMaxArgs && i < maxArgs; i++ {
		bpf.ProbeReadUser(unsafe.Pointer(&arg), 8, unsafe.Add(argv, i*8))
		if arg == nil {
			return 0
		}
		if ev.ArgsSize > lastArg {
			return 0
		}
		n := bpf.ProbeReadUserStr(unsafe.Pointer(&ev.Args[ev.ArgsSize]), argSize, arg)
		if n < 0 || n > argSize {
			return 0
		}
		ev.ArgsCount++
		ev.ArgsSize += uint32(n)
	}
	// One more: is there an argument past maxArgs?
	bpf.ProbeReadUser(unsafe.Pointer(&arg), 8, unsafe.Add(argv, maxArgs*8))
	if arg != nil {
		ev.ArgsCount++
	}
	return 0
}

//go:section tracepoint/syscalls/sys_exit_execve
//export exit_execve
func exit_execve(ctx *bpf.SyscallExit) int32 {
	if !allowed(uint32(bpf.GetCurrentUidGid())) {
		return 0
	}
	tid := int32(bpf.GetCurrentPidTgid())
	ev := execs.Lookup(&tid)
	if ev == nil {
		return 0
	}
	ret := int32(ctx.Ret)
	if ret >= 0 || !ignoreFailed {
		ev.Retval = ret
		bpf.GetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))
		events.Output(ev, 0)
	}
	execs.Delete(&tid)
	return 0
}

func main() {}
