// Compiled by TinyGo and tinybpf; openat_stub.go keeps standard Go tooling happy.

//go:build tinygo

package main

import (
	"sync/atomic"
	"unsafe"
)

const bpfMapTypeRingbuf = 27

// bpfMapDef is the seeds' map convention: tinybpf turns each variable of this
// type into a BTF-defined map in the .maps section, named after the variable.
type bpfMapDef struct {
	Type       uint32
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	MapFlags   uint32
}

var events = bpfMapDef{Type: bpfMapTypeRingbuf, MaxEntries: 1 << 18}

// dropped counts the events the full ring buffer refused; the tracer reads it
// (a .bss variable) and reports them as lost.
var dropped uint64

// targTgid, set by the tracer's -pid before load (.rodata), keeps only that
// process's events, in the kernel: 0 keeps every process's. Filtering here
// rather than in the tracer also makes dropped count only that process's.
//
//go:section .rodata
var targTgid uint32

// openEvent is what the tracer decodes; internal/event mirrors its layout.
type openEvent struct {
	PID      uint32
	TID      uint32
	Flags    int64
	Filename [128]byte
}

// sysEnterOpenat is the tracepoint's record, as
// /sys/kernel/tracing/events/syscalls/sys_enter_openat/format describes it.
type sysEnterOpenat struct {
	_        [16]byte // common fields and __syscall_nr
	Dfd      int64
	Filename uintptr // const char __user *
	Flags    int64
	Mode     uint64
}

// Kernel helpers, recognised by name: bpfGetCurrentPidTgid is bpf_get_current_pid_tgid.
func bpfGetCurrentPidTgid() uint64
func bpfProbeReadUserStr(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfRingbufOutput(ringbuf unsafe.Pointer, data unsafe.Pointer, size uint64, flags uint64) int64

//go:section tracepoint/syscalls/sys_enter_openat
//export trace_openat
func trace_openat(ctx unsafe.Pointer) int32 {
	args := (*sysEnterOpenat)(ctx)

	var ev openEvent
	pidTgid := bpfGetCurrentPidTgid()
	if targTgid != 0 && uint32(pidTgid>>32) != targTgid {
		return 0
	}
	ev.PID = uint32(pidTgid >> 32)
	ev.TID = uint32(pidTgid)
	ev.Flags = args.Flags
	bpfProbeReadUserStr(unsafe.Pointer(&ev.Filename), uint32(len(ev.Filename)), unsafe.Pointer(args.Filename))
	if bpfRingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(&ev), uint64(unsafe.Sizeof(ev)), 0) < 0 {
		atomic.AddUint64(&dropped, 1)
	}
	return 0
}

func main() {}
