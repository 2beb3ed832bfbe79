// A kprobe on do_sys_openat2, after the seed's kprobe-openat, written with
// tinybpf's Go SDK: each open sends the caller's pid, uid, command name, open
// flags and file name to the ring buffer `events`. Compiled by TinyGo and
// tinybpf; openat_stub.go keeps standard Go tooling happy, kernel_gen.go is
// `tinybpf types open_how`.

//go:build tinygo

package main

import (
	"sync/atomic"
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

// openEvent is what the tracer decodes; internal/event mirrors its layout.
type openEvent struct {
	PID      uint32
	UID      uint32
	Flags    uint64
	Comm     [16]byte
	Filename [256]byte
}

var events = bpf.RingBuf[openEvent]{MaxEntries: 1 << 18}

// dropped counts events the full ring buffer refused; the tracer reads it
// (a .bss variable) to report lost events.
var dropped uint64

// do_sys_openat2(int dfd, const char __user *filename, struct open_how *how):
// filename points to user memory, how to the kernel stack (openat(2) builds
// it there; openat2(2) copies it there): bpf.CoreRead reads how->flags at the
// running kernel's offset.
//
//go:section kprobe/do_sys_openat2
//export kprobe_openat
func kprobe_openat(ctx *bpf.PtRegs) int32 {
	how := (*OpenHow)(unsafe.Pointer(uintptr(ctx.Arg3())))
	var ev openEvent
	ev.PID = uint32(bpf.GetCurrentPidTgid() >> 32)
	ev.UID = uint32(bpf.GetCurrentUidGid())
	bpf.CoreReadInto(&ev.Flags, &how.Flags)
	bpf.GetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))
	bpf.ProbeReadUserStr(unsafe.Pointer(&ev.Filename), uint32(len(ev.Filename)), unsafe.Pointer(uintptr(ctx.Arg2())))
	if events.Output(&ev, 0) < 0 {
		atomic.AddUint64(&dropped, 1)
	}
	return 0
}

func main() {}
