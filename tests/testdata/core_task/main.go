package main

import "unsafe"

type bpfMapDef struct {
	Type       uint32
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	MapFlags   uint32
}

// bpfCoreTaskStruct stands for the kernel's struct task_struct: tinybpf
// relocates every field address by name (Pid -> pid, RealParent ->
// real_parent) against the running kernel's BTF. The offsets here are the
// stub's own and nowhere near the kernel's.
type bpfCoreTaskStruct struct {
	Pid        int32
	Tgid       int32
	Comm       [16]byte
	RealParent *bpfCoreTaskStruct
}

// taskInfo is what the test reads back; tests/e2e/core_task_test.c mirrors it.
type taskInfo struct {
	Pid        int32
	Tgid       int32
	ParentTgid int32
	Runs       uint32
	Comm       [16]byte
	Comm3      byte
	_          [7]byte
}

const bpfMapTypeArray = 2

// target[0] is the pid to report on (set by the test); info[0] the report.
var target = bpfMapDef{Type: bpfMapTypeArray, KeySize: 4, ValueSize: 4, MaxEntries: 1}
var info = bpfMapDef{Type: bpfMapTypeArray, KeySize: 4, ValueSize: uint32(unsafe.Sizeof(taskInfo{})), MaxEntries: 1}

func bpfGetCurrentTask() uint64
func bpfGetCurrentPidTgid() uint64
func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

// parentTgid reads task->real_parent->tgid: a chained read, through a
// parameter of stub pointer type.
func parentTgid(task *bpfCoreTaskStruct, out *int32) {
	var parent *bpfCoreTaskStruct
	bpfProbeReadKernel(unsafe.Pointer(&parent), 8, unsafe.Pointer(&task.RealParent))
	if parent != nil {
		bpfProbeReadKernel(unsafe.Pointer(out), 4, unsafe.Pointer(&parent.Tgid))
	}
}

//go:section tracepoint/syscalls/sys_enter_getppid
//export core_task
func core_task(ctx unsafe.Pointer) int32 {
	key := uint32(0)
	want := (*uint32)(bpfMapLookupElem(unsafe.Pointer(&target), unsafe.Pointer(&key)))
	out := (*taskInfo)(bpfMapLookupElem(unsafe.Pointer(&info), unsafe.Pointer(&key)))
	if want == nil || out == nil || *want != uint32(bpfGetCurrentPidTgid()>>32) {
		return 0
	}
	task := (*bpfCoreTaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	if task == nil {
		return 0
	}
	out.Runs++
	bpfProbeReadKernel(unsafe.Pointer(&out.Pid), 4, unsafe.Pointer(&task.Pid))
	bpfProbeReadKernel(unsafe.Pointer(&out.Tgid), 4, unsafe.Pointer(&task.Tgid))
	bpfProbeReadKernel(unsafe.Pointer(&out.Comm), 16, unsafe.Pointer(&task.Comm))
	bpfProbeReadKernel(unsafe.Pointer(&out.Comm3), 1, unsafe.Pointer(&task.Comm[3]))
	parentTgid(task, &out.ParentTgid)
	return 0
}

func main() {}
