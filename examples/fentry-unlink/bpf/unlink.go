// fentry/fexit on do_unlinkat, after the "eBPF fentry/fexit" tutorial, written
// with tinybpf's Go SDK: each call of do_unlinkat(int dfd, struct filename
// *name) sends an entry event and an exit event (with the return value) to the
// ring buffer `events`. Compiled by TinyGo and tinybpf; unlink_stub.go keeps
// standard Go tooling happy.

//go:build tinygo

package main

import (
	"sync/atomic"
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

const kindEntry, kindExit = 0, 1 // unlinkEvent.Kind

// unlinkEvent is what user space reads (tests/kernels/guest/fentry_unlink_test.c
// mirrors the layout: 4 + 4 + 8 + 128 bytes, no padding).
type unlinkEvent struct {
	Kind     uint32 // kindEntry or kindExit
	PID      uint32 // tgid of the caller
	Ret      int64  // do_unlinkat's return value (exit only)
	Filename [128]byte
}

var events = bpf.RingBuf[unlinkEvent]{MaxEntries: 1 << 18}

// dropped counts events the full ring buffer refused; the tracer reads it
// (a .bss variable) to report lost events.
var dropped uint64

// send fills in the pid and the file name, then emits ev. name is a struct
// filename *, whose first member, `const char *name`, points to the kernel's
// copy of the path: read the pointer, then the string. (A CO-RE read of
// name->name through `tinybpf types filename` fails to relocate: the type
// declares the pointer as a uintptr, which loaders refuse to match with the
// kernel's pointer.)
func send(ev *unlinkEvent, name uint64) {
	ev.PID = uint32(bpf.GetCurrentPidTgid() >> 32)
	var str uintptr
	bpf.ProbeReadKernel(unsafe.Pointer(&str), uint32(unsafe.Sizeof(str)), unsafe.Pointer(uintptr(name)))
	bpf.ProbeReadKernelStr(unsafe.Pointer(&ev.Filename), uint32(len(ev.Filename)), unsafe.Pointer(str))
	if events.Output(ev, 0) < 0 {
		atomic.AddUint64(&dropped, 1)
	}
}

// do_unlinkat(int dfd, struct filename *name) in the 64-bit slots of bpf.Args;
// for fexit, the return value follows.
//
//go:section fentry/do_unlinkat
//export do_unlinkat_entry
func do_unlinkat_entry(ctx *bpf.Args) int32 {
	var ev unlinkEvent
	send(&ev, ctx[1])
	return 0
}

//go:section fexit/do_unlinkat
//export do_unlinkat_exit
func do_unlinkat_exit(ctx *bpf.Args) int32 {
	// do_unlinkat returns int: only the low 32 bits of the slot are defined
	// (-ENOENT arrives as 0x00000000fffffffe), so sign-extend from int32.
	var ev unlinkEvent
	ev.Kind = kindExit
	ev.Ret = int64(int32(ctx.Ret(2)))
	send(&ev, ctx[1])
	return 0
}

func main() {}
