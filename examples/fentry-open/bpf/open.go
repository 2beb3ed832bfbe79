// fentry on do_sys_openat2, after the seed's fentry-open, written with
// tinybpf's Go SDK: each open sends the caller's pid and the file name to the
// ring buffer `events`. Compiled by TinyGo and tinybpf; open_stub.go keeps
// standard Go tooling happy.

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
	Filename [256]byte
}

var events = bpf.RingBuf[openEvent]{MaxEntries: 1 << 18}

// dropped counts events the full ring buffer refused; the tracer reads it
// (a .bss variable) to report lost events.
var dropped uint64

// do_sys_openat2(int dfd, const char __user *filename, struct open_how *how):
// fentry sees the arguments as the 64-bit slots of bpf.Args; filename points
// to user memory, so it is read with the user-read helper (a kernel read fails
// on it on kernels that separate the address spaces, and is wrong everywhere).
//
//go:section fentry/do_sys_openat2
//export fentry_open
func fentry_open(ctx *bpf.Args) int32 {
	var ev openEvent
	ev.PID = uint32(bpf.GetCurrentPidTgid() >> 32)
	bpf.ProbeReadUserStr(unsafe.Pointer(&ev.Filename), uint32(len(ev.Filename)), unsafe.Pointer(uintptr(ctx[1])))
	if events.Output(&ev, 0) < 0 {
		atomic.AddUint64(&dropped, 1)
	}
	return 0
}

func main() {}
