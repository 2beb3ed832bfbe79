// kfuncs declared with pointers to types the kernel's prototype does not
// take: each error names the Go type as the declaration writes it (a type of
// package main without the package), checked against this machine's kernel
// BTF (bpf_task_from_pid returns struct task_struct *, bpf_strcmp takes two
// const char *).
package main

import "unsafe"

type cgroupInfo struct {
	Level int32
}

func bpfKfuncBpfTaskFromPid(pid int32) *uint64

func bpfKfuncBpfStrcmp(a *cgroupInfo, b *[2]cgroupInfo) int32

//go:section syscall
//export integer_result
func integer_result(ctx unsafe.Pointer) int32 {
	if p := bpfKfuncBpfTaskFromPid(1); p != nil {
		return int32(*p)
	}
	return 0
}

//go:section syscall
//export other_pointers
func other_pointers(ctx unsafe.Pointer) int32 {
	a := (*cgroupInfo)(ctx)
	b := (*[2]cgroupInfo)(unsafe.Add(ctx, 8))
	return bpfKfuncBpfStrcmp(a, b)
}

func main() {}
