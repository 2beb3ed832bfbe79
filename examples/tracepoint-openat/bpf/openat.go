// The openat tracer's BPF program, written with tinybpf's Go SDK: one ring
// buffer event (pid, tid, flags, file name) per openat(2). Compiled by TinyGo
// and tinybpf (scripts/build.sh); openat_stub.go keeps standard Go tooling
// happy, records_gen.go is `tinybpf types --tracepoint syscalls/sys_enter_openat`.

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
	TID      uint32
	Flags    int64
	Filename [128]byte
}

var events = bpf.RingBuf[openEvent]{MaxEntries: 1 << 18}

// dropped counts the events the full ring buffer refused; the tracer reads it
// (a .bss variable) and reports them as lost.
var dropped uint64

// targTgid, set by the tracer's -pid before load (.rodata), keeps only that
// process's events, in the kernel: 0 keeps every process's. Filtering here
// rather than in the tracer also makes dropped count only that process's.
//
//go:section .rodata
var targTgid uint32

//go:section tracepoint/syscalls/sys_enter_openat
//export trace_openat
func trace_openat(ctx *SysEnterOpenat) int32 {
	pidTgid := bpf.GetCurrentPidTgid()
	if targTgid != 0 && uint32(pidTgid>>32) != targTgid {
		return 0
	}
	ev := openEvent{PID: uint32(pidTgid >> 32), TID: uint32(pidTgid), Flags: int64(ctx.Flags)}
	bpf.ProbeReadUserStr(unsafe.Pointer(&ev.Filename), uint32(len(ev.Filename)), unsafe.Pointer(ctx.Filename))
	if events.Output(&ev, 0) < 0 {
		atomic.AddUint64(&dropped, 1)
	}
	return 0
}

func main() {}
