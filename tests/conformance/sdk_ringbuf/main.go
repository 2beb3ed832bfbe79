//go:build tinygo

// bpf.RingBuf[event]: Output copies a record, Reserve hands out room for one
// that Submit publishes and Discard drops; user space sees two records.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

type event struct {
	Tid  uint32
	Kind uint32
	Comm [16]byte
}

var events = bpf.RingBuf[event]{MaxEntries: 4096}

//go:section raw_tp/sys_enter
//export send
func send(ctx *bpf.Args) int32 {
	ev := event{Tid: uint32(bpf.GetCurrentPidTgid()), Kind: 1}
	bpf.GetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))
	if events.Output(&ev, 0) != 0 {
		return 1
	}
	if r := events.Reserve(0); r != nil {
		r.Tid = ev.Tid
		r.Kind = 2
		r.Comm = ev.Comm
		events.Submit(r, bpf.RingbufForceWakeup)
	}
	if r := events.Reserve(0); r != nil {
		r.Kind = 3
		events.Discard(r, 0)
	}
	return 0
}

func main() {}
