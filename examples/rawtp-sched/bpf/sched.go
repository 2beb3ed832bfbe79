// Compiled by TinyGo and tinybpf (scripts/build.sh); sched_stub.go keeps
// standard Go tooling happy. tinybpf.json attaches trace_exec to the
// raw tracepoint sched_process_exec.

//go:build tinygo

package main

import (
	"sync/atomic"
	"unsafe"
)

const (
	bpfMapTypePerfEventArray = 4
	bpfFCurrentCPU           = 0xffffffff // BPF_F_CURRENT_CPU: this CPU's perf buffer
)

// bpfMapDef is the seeds' map convention: tinybpf turns each variable of this
// type into a BTF-defined map in the .maps section, named after the variable.
type bpfMapDef struct {
	Type       uint32
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	MapFlags   uint32
}

// events has one perf buffer per CPU: without MaxEntries, the loader (libbpf,
// cilium/ebpf) sizes it to the number of possible CPUs.
var events = bpfMapDef{Type: bpfMapTypePerfEventArray, KeySize: 4, ValueSize: 4}

// dropped counts the events bpf_perf_event_output could not send; the tracer
// reads it (a .bss variable) and reports them as lost. A full perf buffer
// also reports its losses as lost samples, but only with the next sample
// that fits, so those can arrive late or never: this count is the complete one.
var dropped uint64

// bpfCoreTaskStruct names the fields of the kernel's struct task_struct this
// program reads. tinybpf relocates each field address by name (Pid -> pid),
// and the loader patches in the running kernel's offsets, so the layout here
// need not match any kernel's.
type bpfCoreTaskStruct struct {
	Pid  int32
	Tgid int32
	Comm [16]byte
}

// execEvent is what the tracer decodes; internal/event mirrors its layout.
type execEvent struct {
	Pid  int32
	Tgid int32
	Comm [16]byte
}

// Kernel helpers, recognised by name: bpfGetCurrentTask is bpf_get_current_task.
func bpfGetCurrentTask() uint64
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfPerfEventOutput(ctx unsafe.Pointer, m unsafe.Pointer, flags uint64, data unsafe.Pointer, size uint64) int64

// trace_exec runs after every successful execve, in the task that exec'd.
//
//export trace_exec
func trace_exec(ctx unsafe.Pointer) int32 {
	task := (*bpfCoreTaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	if task == nil {
		return 0
	}
	var ev execEvent
	// The task pointer is not one the verifier may dereference: each field is
	// copied with the kernel-read helper, one field at a time.
	bpfProbeReadKernel(unsafe.Pointer(&ev.Pid), 4, unsafe.Pointer(&task.Pid))
	bpfProbeReadKernel(unsafe.Pointer(&ev.Tgid), 4, unsafe.Pointer(&task.Tgid))
	bpfProbeReadKernel(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)), unsafe.Pointer(&task.Comm))
	if bpfPerfEventOutput(ctx, unsafe.Pointer(&events), bpfFCurrentCPU, unsafe.Pointer(&ev), uint64(unsafe.Sizeof(ev))) < 0 {
		atomic.AddUint64(&dropped, 1)
	}
	return 0
}

func main() {}
