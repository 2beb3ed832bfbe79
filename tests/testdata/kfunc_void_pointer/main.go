// kfuncs declared with unsafe.Pointer where the kernel takes and returns
// struct task_struct *: the loaders would refuse the object (libbpf:
// "func_proto [5] incompatible with vmlinux [65840]"). Checked against the
// build machine's kernel BTF, each mismatch is an error naming the Go
// declaration and the kernel's prototype.
package main

import "unsafe"

func bpfKfuncBpfTaskFromPid(pid int32) unsafe.Pointer
func bpfKfuncBpfTaskRelease(task unsafe.Pointer)

//go:section syscall
//export task_exists
func task_exists(ctx unsafe.Pointer) int32 {
	task := bpfKfuncBpfTaskFromPid(1)
	if task == nil {
		return 0
	}
	bpfKfuncBpfTaskRelease(task)
	return 1
}

func main() {}
