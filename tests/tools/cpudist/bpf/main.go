//go:build tinygo

// cpudist's BPF side in Go: at every context switch, the time a task spent
// on the CPU (or, with offCPU, off it) goes into a log2 histogram of
// microseconds (or milliseconds), one for everything, per process or per
// thread. Written from the logic of libbpf-tools' cpudist.bpf.c, with the
// SDK, on the BTF tracepoint sched_switch.
package main

import (
	"math/bits"
	"sync/atomic"
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

const (
	maxSlots    = 36
	taskRunning = 0
)

// Set by the tracer before load.
//
//go:section .rodata
var perProcess = false

//go:section .rodata
var perThread = false

//go:section .rodata
var offCPU = false

//go:section .rodata
var inMs = false

//go:section .rodata
var targTgid int32 = -1

type hist struct {
	Slots [maxSlots]uint32
	Comm  [16]byte
}

// TaskStruct is the kernel's struct task_struct: the fields read here are
// relocated by name at load.
type TaskStruct struct {
	_       bpf.Kernel
	Pid     int32
	Tgid    int32
	__state uint32
	Comm    [16]byte
}

var start = bpf.HashMap[uint32, uint64]{MaxEntries: 10240}
var hists = bpf.HashMap[uint32, hist]{MaxEntries: 10240}

var initialHist hist

func storeStart(tgid, pid uint32, ts uint64) {
	if targTgid != -1 && uint32(targTgid) != tgid {
		return
	}
	start.Update(&pid, &ts, bpf.UpdateAny)
}

func updateHist(task *TaskStruct, tgid, pid uint32, ts uint64) {
	if targTgid != -1 && uint32(targTgid) != tgid {
		return
	}
	tsp := start.Lookup(&pid)
	if tsp == nil || ts < *tsp {
		return
	}
	id := ^uint32(0)
	if perProcess {
		id = tgid
	} else if perThread {
		id = pid
	}
	h := hists.Lookup(&id)
	if h == nil {
		hists.Update(&id, &initialHist, bpf.UpdateAny)
		h = hists.Lookup(&id)
		if h == nil {
			return
		}
		bpf.CoreReadStr(h.Comm[:], &task.Comm)
	}
	delta := ts - *tsp
	if inMs {
		delta /= 1000000
	} else {
		delta /= 1000
	}
	slot := uint32(0)
	if delta > 0 {
		slot = uint32(bits.Len64(delta)) - 1
	}
	if slot >= maxSlots {
		slot = maxSlots - 1
	}
	atomic.AddUint32(&h.Slots[slot], 1)
}

//go:section tp_btf/sched_switch
//export sched_switch
func sched_switch(ctx *bpf.Args) int32 {
	// TP_PROTO(bool preempt, struct task_struct *prev, struct task_struct *next, ...)
	prev := (*TaskStruct)(unsafe.Pointer(uintptr(ctx[1])))
	next := (*TaskStruct)(unsafe.Pointer(uintptr(ctx[2])))
	prevTgid, prevPid := uint32(bpf.CoreRead(&prev.Tgid)), uint32(bpf.CoreRead(&prev.Pid))
	nextTgid, nextPid := uint32(bpf.CoreRead(&next.Tgid)), uint32(bpf.CoreRead(&next.Pid))
	ts := bpf.KtimeGetNs()
	if offCPU {
		storeStart(prevTgid, prevPid, ts)
		updateHist(next, nextTgid, nextPid, ts)
	} else {
		if bpf.CoreRead(&prev.__state) == taskRunning {
			updateHist(prev, prevTgid, prevPid, ts)
		}
		storeStart(nextTgid, nextPid, ts)
	}
	return 0
}

func main() {}
