// The SDK's CO-RE intrinsics declared by hand, with a kind the relocation
// has no meaning for (libbpf's bpf_core_read.h: enum bpf_field_info_kind,
// enum bpf_type_info_kind and enum bpf_enum_value_kind): each refused at
// its call.
package main

import "unsafe"

type bpfCoreTaskStruct struct {
	Pid int32
}

//export tinybpf_core_field_info
func fieldInfo(field unsafe.Pointer, kind uint32) uint32

//export tinybpf_core_type_info
func typeInfo(p unsafe.Pointer, kind uint32) uint32

//export tinybpf_core_enum_value
func enumValue(enum, name string, kind uint32) int64

func bpfGetCurrentTask() uint64

//go:section raw_tp/sys_enter
//export field_kind
func field_kind(ctx unsafe.Pointer) int32 {
	task := (*bpfCoreTaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	return int32(fieldInfo(unsafe.Pointer(&task.Pid), 4))
}

//go:section raw_tp/sys_enter
//export type_kind
func type_kind(ctx unsafe.Pointer) int32 {
	task := (*bpfCoreTaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	return int32(typeInfo(unsafe.Pointer(task), 2))
}

//go:section raw_tp/sys_enter
//export enum_kind
func enum_kind(ctx unsafe.Pointer) int32 {
	return int32(enumValue("pid_type", "PIDTYPE_TGID", 2))
}

func main() {}
