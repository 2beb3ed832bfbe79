package main

import "unsafe"

type bpfMapDef struct {
	Type       uint32
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	MapFlags   uint32
}

// Sizes here are the stub's, not the kernel's: the kernel's pid_t has 4
// bytes and comm 16, and task_struct is some kilobytes.
type bpfCoreTaskStruct struct {
	Pid  int64
	Comm [8]byte
}

// struct bpf_iter_num: in kernels since 6.4. The stub needs no fields to ask.
type bpfCoreBpfIterNum struct{}

// In no kernel.
type bpfCoreTinybpfNoSuchStruct struct{}

// answers is what the test reads back; core_queries.h mirrors it.
type answers struct {
	Ran           uint32
	PidSize       uint32
	CommSize      uint32
	TaskSize      uint32
	IterNumExists uint32
	NoSuchExists  uint32
}

var result = bpfMapDef{Type: 2, KeySize: 4, ValueSize: uint32(unsafe.Sizeof(answers{})), MaxEntries: 1}

func bpfGetCurrentTask() uint64
func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

// CO-RE queries (docs/core.md): the loader answers each from the running
// kernel's BTF.
func bpfCoreFieldSize(field unsafe.Pointer) uint32
func bpfCoreTypeSize(p unsafe.Pointer) uint32
func bpfCoreTypeExists(p unsafe.Pointer) bool

//go:section raw_tp/sys_enter
//export core_queries
func core_queries(ctx unsafe.Pointer) int32 {
	key := uint32(0)
	out := (*answers)(bpfMapLookupElem(unsafe.Pointer(&result), unsafe.Pointer(&key)))
	task := (*bpfCoreTaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	if out == nil || task == nil {
		return 0
	}
	// Type queries look at the Go type of a variable, not at its value.
	var iter *bpfCoreBpfIterNum
	var none *bpfCoreTinybpfNoSuchStruct
	out.Ran = 1
	out.PidSize = bpfCoreFieldSize(unsafe.Pointer(&task.Pid))
	out.CommSize = bpfCoreFieldSize(unsafe.Pointer(&task.Comm))
	out.TaskSize = bpfCoreTypeSize(unsafe.Pointer(task))
	if bpfCoreTypeExists(unsafe.Pointer(iter)) {
		out.IterNumExists = 1
	}
	if bpfCoreTypeExists(unsafe.Pointer(none)) {
		out.NoSuchExists = 1
	}
	return 0
}

func main() {}
