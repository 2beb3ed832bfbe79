// A kprobe on do_sys_openat2, after the seed's kprobe-openat: each open sends
// the caller's pid, uid, command name, open flags and file name to the ring
// buffer `events`. Compiled by TinyGo and tinybpf; openat_stub.go keeps
// standard Go tooling happy.

//go:build tinygo

package main

import (
	"sync/atomic"
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

const bpfMapTypeRingbuf = 27

// bpfMapDef: tinybpf turns each variable of this type into a BTF-defined map
// in the .maps section, named after the variable.
type bpfMapDef struct {
	Type       uint32
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	MapFlags   uint32
}

var events = bpfMapDef{Type: bpfMapTypeRingbuf, MaxEntries: 1 << 18}

// dropped counts events the full ring buffer refused; the tracer reads it
// (a .bss variable) to report lost events.
var dropped uint64

// openEvent is what the tracer decodes; internal/event mirrors its layout.
type openEvent struct {
	PID      uint32
	UID      uint32
	Flags    uint64
	Comm     [16]byte
	Filename [256]byte
}

// openHow is the start of struct open_how (include/uapi/linux/openat2.h).
type openHow struct {
	Flags uint64
}

// do_sys_openat2(int dfd, const char __user *filename, struct open_how *how):
// filename points to user memory, how to the kernel stack (openat(2) builds
// it there; openat2(2) copies it there), so each is read with its own helper.
//
//go:section kprobe/do_sys_openat2
//export kprobe_openat
func kprobe_openat(ctx unsafe.Pointer) int32 {
	regs := (*bpf.PtRegs)(ctx)

	var ev openEvent
	ev.PID = uint32(bpf.GetCurrentPidTgid() >> 32)
	ev.UID = uint32(bpf.GetCurrentUidGid())
	bpf.GetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))
	var how openHow
	bpf.ProbeReadKernel(unsafe.Pointer(&how), uint32(unsafe.Sizeof(how)), unsafe.Pointer(uintptr(regs.Arg3())))
	ev.Flags = how.Flags
	bpf.ProbeReadUserStr(unsafe.Pointer(&ev.Filename), uint32(len(ev.Filename)), unsafe.Pointer(uintptr(regs.Arg2())))
	if bpf.RingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(&ev), uint64(unsafe.Sizeof(ev)), 0) < 0 {
		atomic.AddUint64(&dropped, 1)
	}
	return 0
}

func main() {}
