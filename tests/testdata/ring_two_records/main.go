package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var events = bpfMapDef{Type: bpf.MapTypeRingbuf, MaxEntries: 4096}

type openEvent struct{ Pid, Flags uint32 }
type execEvent struct{ Pid, Ppid uint32 }

func sendOpen(ev *openEvent) {
	bpf.RingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(ev), uint64(unsafe.Sizeof(*ev)), 0)
}

func sendExec(ev *execEvent) {
	bpf.RingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(ev), uint64(unsafe.Sizeof(*ev)), 0)
}

//go:section raw_tp/sys_enter
//export send
func send(ctx *bpf.Args) int32 {
	pid := uint32(bpf.GetCurrentPidTgid() >> 32)
	sendOpen(&openEvent{Pid: pid})
	sendExec(&execEvent{Pid: pid})
	return 0
}

func main() {}
