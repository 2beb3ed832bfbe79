// The stub pointer itself as the address of its first field, which is at
// offset 0 in Go and not in the kernel: a store through it, a query of it,
// and an index into it (an array first field). Each needs its CO-RE access.
package main

import "unsafe"

type bpfCoreTaskStruct struct {
	Pid  int32
	Tgid int32
}

// struct linux_binprm's buf is an array: here the first field
type bpfCoreLinuxBinprm struct {
	Buf [256]byte
}

func bpfGetCurrentTaskBtf() *bpfCoreTaskStruct
func bpfGetCurrentTask() uint64
func bpfCoreFieldExists(field unsafe.Pointer) bool
func bpfCoreFieldSize(field unsafe.Pointer) uint32

//go:section tp_btf/sys_enter
//export store_first_field
func store_first_field(ctx unsafe.Pointer) int32 {
	task := bpfGetCurrentTaskBtf()
	if task == nil {
		return 0
	}
	task.Pid = 5
	return 0
}

//go:section tp_btf/sys_enter
//export query_first_field
func query_first_field(ctx unsafe.Pointer) int32 {
	task := bpfGetCurrentTaskBtf()
	if task == nil {
		return 0
	}
	if bpfCoreFieldExists(unsafe.Pointer(&task.Pid)) {
		return int32(bpfCoreFieldSize(unsafe.Pointer(&task.Pid)))
	}
	return 0
}

//go:section raw_tp/sys_enter
//export index_first_field
func index_first_field(ctx unsafe.Pointer) int32 {
	b := (*bpfCoreLinuxBinprm)(ctx)
	i := *(*uint32)(ctx) & 255
	if b == nil {
		return 0
	}
	return int32(b.Buf[i])
}

// optimised, the variable task is described by the integer the pointer is
// made from
//go:section raw_tp/sys_enter
//export task_from_integer
func task_from_integer(ctx unsafe.Pointer) int32 {
	task := (*bpfCoreTaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	if task == nil {
		return 0
	}
	return task.Tgid
}

func main() {}
