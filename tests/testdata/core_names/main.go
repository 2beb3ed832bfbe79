package main

import "unsafe"

// Kernel names from Go names (docs/core.md): the type name without bpfCore
// and each field name, CamelCase to snake_case; a name written in snake_case
// is taken as it is.
type bpfCoreTCPSock struct {
	SrttUs          uint32 // srtt_us
	PID             int32  // pid
	Ipv6Hdr         uint64 // ipv6_hdr
	nr_cpus_allowed int32  // nr_cpus_allowed
	_               [4]byte
	Parent          *bpfCore_task_struct // parent, a pointer to task_struct
}

type bpfCore_task_struct struct {
	RealParent *bpfCore_task_struct // real_parent
}

func bpfGetCurrentTask() uint64
func bpfCoreFieldExists(field unsafe.Pointer) bool

//go:section raw_tp/sys_enter
//export names
func names(ctx unsafe.Pointer) int32 {
	sk := (*bpfCoreTCPSock)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	if sk == nil {
		return 0
	}
	n := int32(0)
	if bpfCoreFieldExists(unsafe.Pointer(&sk.SrttUs)) {
		n++
	}
	if bpfCoreFieldExists(unsafe.Pointer(&sk.PID)) {
		n++
	}
	if bpfCoreFieldExists(unsafe.Pointer(&sk.Ipv6Hdr)) {
		n++
	}
	if bpfCoreFieldExists(unsafe.Pointer(&sk.nr_cpus_allowed)) {
		n++
	}
	if bpfCoreFieldExists(unsafe.Pointer(&sk.Parent)) {
		n++
	}
	if task := sk.Parent; task != nil && bpfCoreFieldExists(unsafe.Pointer(&task.RealParent)) {
		n++
	}
	return n
}

func main() {}
