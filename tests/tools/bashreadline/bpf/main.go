//go:build tinygo

// bashreadline's BPF side in Go: when bash's readline() returns a line, the
// line and the process go to user space through a perf event array.
// Written from the logic of libbpf-tools' bashreadline.bpf.c, with the SDK;
// the tracer attaches it to /bin/bash's readline as a uretprobe.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

const maxLine = 80

type line struct {
	Pid uint32
	Str [maxLine]byte
}

var events = bpf.PerfEventArray[line]{}

//go:section uretprobe/readline
//export printret
func printret(ctx *bpf.PtRegs) int32 {
	ret := unsafe.Pointer(uintptr(ctx.Ret()))
	if ret == nil {
		return 0
	}
	var comm [16]byte
	bpf.GetCurrentComm(unsafe.Pointer(&comm), uint32(len(comm)))
	// bpf_get_current_comm pads with NULs: the whole array is "bash" or not.
	if comm != [16]byte{'b', 'a', 's', 'h'} {
		return 0
	}
	var l line
	l.Pid = uint32(bpf.GetCurrentPidTgid() >> 32)
	bpf.ProbeReadUserStr(unsafe.Pointer(&l.Str), uint32(len(l.Str)), ret)
	events.Output(unsafe.Pointer(ctx), &l, bpf.CurrentCPU)
	return 0
}

func main() {}
