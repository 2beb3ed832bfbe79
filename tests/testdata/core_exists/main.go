package main

import "unsafe"

type bpfMapDef struct {
	Type       uint32
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	MapFlags   uint32
}

type bpfCoreTaskStruct struct {
	Pid         int32
	Tgid        int32
	NoSuchField uint64 // in no kernel
}

// result[0]: bit 0 when task_struct has tgid, bit 1 when it has
// no_such_field, bit 2 when the program ran with a task at all.
var result = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 4, MaxEntries: 1}

func bpfGetCurrentTask() uint64
func bpfMapUpdateElem(m unsafe.Pointer, key unsafe.Pointer, value unsafe.Pointer, flags uint64) int64

// bpfCoreFieldExists asks the loader whether the running kernel has the
// field; tinybpf turns each call into a CO-RE field-existence relocation.
func bpfCoreFieldExists(field unsafe.Pointer) bool

//go:section raw_tp/sys_enter
//export core_exists
func core_exists(ctx unsafe.Pointer) int32 {
	task := (*bpfCoreTaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	if task == nil {
		return 0
	}
	bits := uint32(4)
	if bpfCoreFieldExists(unsafe.Pointer(&task.Tgid)) {
		bits |= 1
	}
	if bpfCoreFieldExists(unsafe.Pointer(&task.NoSuchField)) {
		bits |= 2
	}
	key := uint32(0)
	bpfMapUpdateElem(unsafe.Pointer(&result), unsafe.Pointer(&key), unsafe.Pointer(&bits), 0)
	return 0
}

func main() {}
