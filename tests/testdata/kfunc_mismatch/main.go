// kfuncs declared against the kernel's prototype (this machine's
// /sys/kernel/btf/vmlinux, Linux 6.17 or later for bpf_strcmp): one program
// per mistake, each an error naming the Go declaration and the kernel's
// prototype as its BTF has it (const, enum and struct types spelled out).
package main

import "unsafe"

// a pointer result only compared with nil: its Go type, which the loader
// checks, is nowhere to be seen
func bpfKfuncBpfTaskFromPid() unsafe.Pointer

// one argument where the kernel takes two
func bpfKfuncBpfTaskUnderCgroup(task unsafe.Pointer) int64

// an integer result where the kernel returns struct cgroup *
func bpfKfuncBpfCgroupFromId(id uint64) int64

// integers where the kernel takes const char *
func bpfKfuncBpfStrcmp(a int64, b int64) int32

// two arguments where the kernel takes four, one an enum
func bpfKfuncBpfSendSignalTask(task unsafe.Pointer, sig int32) int32

//go:section syscall
//export no_args
func no_args(ctx unsafe.Pointer) int32 {
	if bpfKfuncBpfTaskFromPid() == nil {
		return 0
	}
	return 1
}

//go:section syscall
//export one_arg
func one_arg(ctx unsafe.Pointer) int32 {
	return int32(bpfKfuncBpfTaskUnderCgroup(ctx))
}

//go:section syscall
//export integer_result
func integer_result(ctx unsafe.Pointer) int32 {
	return int32(bpfKfuncBpfCgroupFromId(1))
}

//go:section syscall
//export integer_strings
func integer_strings(ctx unsafe.Pointer) int32 {
	return bpfKfuncBpfStrcmp(1, 2)
}

//go:section syscall
//export enum_argument
func enum_argument(ctx unsafe.Pointer) int32 {
	return bpfKfuncBpfSendSignalTask(ctx, 9)
}

func main() {}
