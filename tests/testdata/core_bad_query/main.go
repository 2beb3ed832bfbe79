package main

import "unsafe"

type bpfCoreTaskStruct struct {
	Pid int32
}

type notAStub struct {
	Pid int32
}

func bpfGetCurrentTask() uint64
func bpfCoreTypeExists(p unsafe.Pointer) bool
func bpfCoreFieldSize(field unsafe.Pointer) uint32

//go:section raw_tp/sys_enter
//export core_bad_query
func core_bad_query(ctx unsafe.Pointer) int32 {
	other := (*notAStub)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	if other == nil {
		return 0
	}
	// Neither is about a bpfCore struct: no kernel type to ask about.
	if bpfCoreTypeExists(unsafe.Pointer(other)) {
		return 1
	}
	return int32(bpfCoreFieldSize(unsafe.Pointer(&other.Pid)))
}

func main() {}
