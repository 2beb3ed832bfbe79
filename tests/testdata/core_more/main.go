// CO-RE misuses the other core cases do not have, one program each (tinybpf
// link --program NAME): addresses CO-RE cannot name, a signedness query of a
// pointer, a type query of no variable, an enum name that is no C identifier.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

type bpfCoreTaskStruct struct {
	Pid  int32
	Tgid int32
}

// a first field with no name: byte 0 is in no named field
type bpfCoreFile struct {
	_     [8]byte
	FMode uint32
}

type TaskStruct struct {
	_          bpf.Kernel
	Pid        int32
	RealParent *TaskStruct
	Tasks      ListHead
}

type ListHead struct {
	_    bpf.Kernel
	Next *ListHead
	Prev *ListHead
}

var out [4]int64

func bpfGetCurrentTaskBtf() *bpfCoreTaskStruct
func bpfGetCurrentTask() uint64
func bpfCoreTypeExists(p unsafe.Pointer) bool

//go:section raw_tp/sys_enter
//export variable_offset
func variable_offset(ctx unsafe.Pointer) int32 {
	task := bpfGetCurrentTaskBtf()
	i := uintptr(*(*uint32)(ctx) & 3)
	if task == nil {
		return 0
	}
	return int32(*(*byte)(unsafe.Add(unsafe.Pointer(task), i)))
}

//go:section raw_tp/sys_enter
//export into_a_field
func into_a_field(ctx unsafe.Pointer) int32 {
	task := bpfGetCurrentTaskBtf()
	if task == nil {
		return 0
	}
	return int32(*(*int16)(unsafe.Add(unsafe.Pointer(task), 2)))
}

//go:section raw_tp/sys_enter
//export unnamed_first_field
func unnamed_first_field(ctx unsafe.Pointer) int32 {
	f := (*bpfCoreFile)(ctx)
	if f == nil {
		return 0
	}
	return int32(*(*uint32)(unsafe.Pointer(f)))
}

//go:section raw_tp/sys_enter
//export signed_pointer
func signed_pointer(ctx unsafe.Pointer) int32 {
	task := (*TaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	if bpf.CoreFieldSigned(&task.RealParent) {
		out[0] = 1
	}
	if bpf.CoreFieldSigned(&task.Tasks) {
		out[1] = 1
	}
	return 0
}

//go:section raw_tp/sys_enter
//export type_of_nil
func type_of_nil(ctx unsafe.Pointer) int32 {
	if bpfCoreTypeExists(unsafe.Pointer((*bpfCoreTaskStruct)(nil))) {
		return 1
	}
	// a variable that is nil too, after the call: not the query's
	var t *bpfCoreTaskStruct
	_ = t
	return 0
}

//go:section raw_tp/sys_enter
//export enum_digit
func enum_digit(ctx unsafe.Pointer) int32 {
	return int32(bpf.CoreEnumValue("9pid_type", "PIDTYPE_TGID"))
}

func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

// read helpers given the addresses CO-RE cannot name: one error each, for
// the address (none for the read, which has no field to be measured against)
//go:section raw_tp/sys_enter
//export read_into_a_field
func read_into_a_field(ctx unsafe.Pointer) int32 {
	task := bpfGetCurrentTaskBtf()
	var v uint32
	if task == nil {
		return 0
	}
	bpfProbeReadKernel(unsafe.Pointer(&v), 4, unsafe.Add(unsafe.Pointer(task), 2))
	return int32(v)
}

//go:section raw_tp/sys_enter
//export read_unnamed_first_field
func read_unnamed_first_field(ctx unsafe.Pointer) int32 {
	f := (*bpfCoreFile)(ctx)
	var v uint32
	if f == nil {
		return 0
	}
	bpfProbeReadKernel(unsafe.Pointer(&v), 4, unsafe.Pointer(f))
	return int32(v)
}

// one pointer, two bpfCore types
//go:section raw_tp/sys_enter
//export two_stubs
func two_stubs(ctx unsafe.Pointer) int32 {
	task := (*bpfCoreTaskStruct)(ctx)
	f := (*bpfCoreFile)(ctx)
	if task == nil || f == nil {
		return 0
	}
	return task.Tgid + int32(f.FMode)
}

// bitfield reads of what is no bitfield of a kernel type
var localBits bpf.Bitfield

//go:section raw_tp/sys_enter
//export bitfield_not_kernel
func bitfield_not_kernel(ctx unsafe.Pointer) int32 {
	return int32(bpf.CoreReadBitfield(&localBits))
}

//go:section raw_tp/sys_enter
//export bitfield_of_integer
func bitfield_of_integer(ctx unsafe.Pointer) int32 {
	task := (*TaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	return int32(bpf.CoreReadBitfield((*bpf.Bitfield)(unsafe.Pointer(&task.Pid))))
}

func main() {}
