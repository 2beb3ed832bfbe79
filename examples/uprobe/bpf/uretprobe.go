// A uretprobe: when the user-space function the tracer attaches it to returns,
// sends the caller's pid and tid and the function's return value (and, with
// the tracer's -str, the C string it points to) to the ring buffer `events`.
// The function is chosen when attaching (-binary, -symbol), not here: the
// section names no target. Compiled by TinyGo and tinybpf; uretprobe_stub.go
// keeps standard Go tooling happy.

//go:build tinygo

package main

import (
	"sync/atomic"
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

// retEvent is what the tracer decodes; internal/event mirrors its layout.
type retEvent struct {
	PID uint32
	TID uint32
	Ret uint64
	Str [64]byte
}

var events = bpf.RingBuf[retEvent]{MaxEntries: 1 << 18}

// dropped counts the events the full ring buffer refused; the tracer reads it
// (a .bss variable) and reports them as lost.
var dropped uint64

// Set by the tracer before load (.rodata): targTgid (-pid) keeps only that
// process's returns, 0 every process's; readStr (-str) reads the C string
// the return value points to.
//
//go:section .rodata
var targTgid uint32

//go:section .rodata
var readStr uint32

//go:section uretprobe
//export uretprobe_ret
func uretprobe_ret(ctx *bpf.PtRegs) int32 {
	pidTgid := bpf.GetCurrentPidTgid()
	if targTgid != 0 && uint32(pidTgid>>32) != targTgid {
		return 0
	}
	ev := events.Reserve(0)
	if ev == nil {
		atomic.AddUint64(&dropped, 1)
		return 0
	}
	ev.PID = uint32(pidTgid >> 32)
	ev.TID = uint32(pidTgid)
	ev.Ret = ctx.Ret() // rax on x86_64, x0 on arm64
	ev.Str[0] = 0
	if readStr != 0 {
		// The returned pointer is into the process's memory: a user read. On
		// failure the helper zeroes the buffer: an empty string.
		bpf.ProbeReadUserStr(unsafe.Pointer(&ev.Str), uint32(len(ev.Str)), unsafe.Pointer(uintptr(ev.Ret)))
	}
	events.Submit(ev, 0)
	return 0
}

func main() {}
