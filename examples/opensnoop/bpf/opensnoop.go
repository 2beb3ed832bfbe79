// Compiled by TinyGo and tinybpf (scripts/build.sh); opensnoop_stub.go keeps
// standard Go tooling happy. The logic is that of libbpf-tools' opensnoop:
// the enter tracepoints remember each thread's filename pointer and flags in
// a hash map, the exit tracepoints add the result and send one event per open
// to userspace. tinybpf.json gives each program its tracepoint section.

//go:build tinygo

package main

import (
	"sync/atomic"
	"unsafe"
)

const (
	bpfMapTypeHash           = 1
	bpfMapTypePerfEventArray = 4
	bpfFCurrentCPU           = 0xffffffff // BPF_F_CURRENT_CPU: this CPU's perf buffer

	taskCommLen = 16
	nameMax     = 255
	invalidUID  = 0xffffffff // (uid_t)-1: no uid filter
)

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

// bpfMapDef is the seeds' map convention: tinybpf turns each variable of this
// type into a BTF-defined map in the .maps section, named after the variable.
type bpfMapDef struct {
	Type       uint32
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	MapFlags   uint32
}

// openArgs is what an enter tracepoint leaves for the exit of the same call.
type openArgs struct {
	Fname uintptr // const char __user *
	Flags int32
	_     uint32
}

// start maps a thread id to the open it is in.
var start = bpfMapDef{Type: bpfMapTypeHash, KeySize: 4, ValueSize: uint32(unsafe.Sizeof(openArgs{})), MaxEntries: 10240}

// events has one perf buffer per CPU: without MaxEntries, the loader (libbpf,
// cilium/ebpf) sizes it to the number of possible CPUs.
var events = bpfMapDef{Type: bpfMapTypePerfEventArray, KeySize: 4, ValueSize: 4}

// dropped counts the events bpf_perf_event_output could not send; the tracer
// reads it (a .bss variable) and reports them as lost. A full perf buffer
// also reports its losses as lost samples, but only with the next sample
// that fits, so those can arrive late or never: this count is the complete one.
var dropped uint64

// openEvent is what the tracer decodes; internal/event mirrors its layout.
type openEvent struct {
	Pid   uint32
	Uid   uint32
	Ret   int32 // the fd, or -errno
	Flags int32
	Comm  [taskCommLen]byte
	Fname [nameMax]byte
	_     byte
}

// syscallEnter is the record of every syscalls/sys_enter_* tracepoint
// (struct trace_event_raw_sys_enter): the syscall's arguments at offset 16.
type syscallEnter struct {
	_    [16]byte // common fields and __syscall_nr
	Args [6]uint64
}

// syscallExit is the record of every syscalls/sys_exit_* tracepoint.
type syscallExit struct {
	_   [16]byte // common fields and __syscall_nr
	Ret int64
}

// Kernel helpers, recognised by name: bpfGetCurrentPidTgid is bpf_get_current_pid_tgid.
func bpfGetCurrentPidTgid() uint64
func bpfGetCurrentUidGid() uint64
func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64
func bpfProbeReadUserStr(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m unsafe.Pointer, key unsafe.Pointer, value unsafe.Pointer, flags uint64) int64
func bpfMapDeleteElem(m unsafe.Pointer, key unsafe.Pointer) int64
func bpfPerfEventOutput(ctx unsafe.Pointer, m unsafe.Pointer, flags uint64, data unsafe.Pointer, size uint64) int64

// traceAllowed applies the load-time filters. Kernel terms: tgid is the
// process, pid the thread.
func traceAllowed(tgid, pid uint32) bool {
	if targTgid != 0 && targTgid != tgid {
		return false
	}
	if targPid != 0 && targPid != pid {
		return false
	}
	return targUid == invalidUID || uint32(bpfGetCurrentUidGid()) == targUid
}

// traceEnter remembers the filename and flags of an open the filters allow.
func traceEnter(fname uint64, flags uint64) {
	id := bpfGetCurrentPidTgid()
	tgid, pid := uint32(id>>32), uint32(id)
	if !traceAllowed(tgid, pid) {
		return
	}
	args := openArgs{Fname: uintptr(fname), Flags: int32(flags)}
	bpfMapUpdateElem(unsafe.Pointer(&start), unsafe.Pointer(&pid), unsafe.Pointer(&args), 0)
}

// open(const char *filename, int flags, umode_t mode)
//
//export enter_open
func enter_open(ctx unsafe.Pointer) int32 {
	args := (*syscallEnter)(ctx)
	traceEnter(args.Args[0], args.Args[1])
	return 0
}

// openat(int dfd, const char *filename, int flags, umode_t mode)
//
//export enter_openat
func enter_openat(ctx unsafe.Pointer) int32 {
	args := (*syscallEnter)(ctx)
	traceEnter(args.Args[1], args.Args[2])
	return 0
}

// traceExit sends the event of an open whose entry was remembered, unless
// only failures are wanted and it succeeded, and forgets the entry.
func traceExit(ctx unsafe.Pointer) int32 {
	pid := uint32(bpfGetCurrentPidTgid())
	ap := (*openArgs)(bpfMapLookupElem(unsafe.Pointer(&start), unsafe.Pointer(&pid)))
	if ap == nil {
		return 0 // the entry was filtered out, or happened before attach
	}
	ret := int32((*syscallExit)(ctx).Ret)
	if !targFailed || ret < 0 {
		var ev openEvent
		ev.Pid = uint32(bpfGetCurrentPidTgid() >> 32)
		ev.Uid = uint32(bpfGetCurrentUidGid())
		bpfGetCurrentComm(unsafe.Pointer(&ev.Comm), taskCommLen)
		bpfProbeReadUserStr(unsafe.Pointer(&ev.Fname), nameMax, unsafe.Pointer(ap.Fname))
		ev.Flags = ap.Flags
		ev.Ret = ret
		if bpfPerfEventOutput(ctx, unsafe.Pointer(&events), bpfFCurrentCPU, unsafe.Pointer(&ev), uint64(unsafe.Sizeof(ev))) < 0 {
			atomic.AddUint64(&dropped, 1)
		}
	}
	bpfMapDeleteElem(unsafe.Pointer(&start), unsafe.Pointer(&pid))
	return 0
}

//export exit_open
func exit_open(ctx unsafe.Pointer) int32 { return traceExit(ctx) }

//export exit_openat
func exit_openat(ctx unsafe.Pointer) int32 { return traceExit(ctx) }

func main() {}
