// Compiled by TinyGo and tinybpf (scripts/build.sh), written with tinybpf's Go
// SDK; sched_stub.go keeps standard Go tooling happy, kernel_gen.go is
// `tinybpf types task_struct`. tinybpf.json attaches trace_exec to the raw
// tracepoint sched_process_exec.

//go:build tinygo

package main

import (
	"sync/atomic"
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

// execEvent is what the tracer decodes; internal/event mirrors its layout.
type execEvent struct {
	Pid  int32
	Tgid int32
	Comm [16]byte
}

// events has one perf buffer per CPU: without MaxEntries, the loader (libbpf,
// cilium/ebpf) sizes it to the number of possible CPUs.
var events = bpf.PerfEventArray[execEvent]{}

// dropped counts the events bpf_perf_event_output could not send; the tracer
// reads it (a .bss variable) and reports them as lost. A full perf buffer
// also reports its losses as lost samples, but only with the next sample
// that fits, so those can arrive late or never: this count is the complete one.
var dropped uint64

// trace_exec runs after every successful execve, in the task that exec'd.
// bpf.CoreRead reads each field with the kernel-read helper at the running
// kernel's offset (the task pointer is not one the verifier may dereference).
//
//export trace_exec
func trace_exec(ctx *bpf.RawTracepointArgs) int32 {
	task := (*TaskStruct)(unsafe.Pointer(uintptr(bpf.GetCurrentTask())))
	var ev execEvent
	bpf.CoreReadInto(&ev.Pid, &task.Pid)
	bpf.CoreReadInto(&ev.Tgid, &task.Tgid)
	bpf.CoreReadInto(&ev.Comm, &task.Comm)
	if events.Output(unsafe.Pointer(ctx), &ev, bpf.CurrentCPU) < 0 {
		atomic.AddUint64(&dropped, 1)
	}
	return 0
}

func main() {}
