// kfunc declarations the other kfunc cases do not have, one program each
// (tinybpf link --program NAME): a bool result, two declarations of one
// kfunc, a Go name with '_' after bpfKfunc, and the prototypes BPF cannot
// pass or this machine's kernel BTF (Linux 6.18) refuses.
package main

import "unsafe"

type bpfCoreTaskStruct struct {
	Pid  int32
	Tgid int32
}

// bool bpf_session_is_return(void): a bool, as the kernel has it
func bpfKfuncBpfSessionIsReturn() bool

//go:section syscall
//export bool_result
func bool_result(ctx unsafe.Pointer) int32 {
	if bpfKfuncBpfSessionIsReturn() {
		return 1
	}
	return 0
}

// one kfunc, two Go declarations of the same prototype: one extern
func bpfKfuncBpfTaskFromPid(pid int32) *bpfCoreTaskStruct

//go:extern bpf_task_from_pid
func taskFromPid(pid int32) *bpfCoreTaskStruct

func bpfKfunc_BpfTaskRelease(task *bpfCoreTaskStruct)

//go:section syscall
//export shared
func shared(ctx unsafe.Pointer) int32 {
	a := bpfKfuncBpfTaskFromPid(1)
	if a == nil {
		return 0
	}
	tgid := a.Tgid
	bpfKfunc_BpfTaskRelease(a)
	b := taskFromPid(2)
	if b == nil {
		return 0
	}
	tgid += b.Tgid
	bpfKfunc_BpfTaskRelease(b)
	return tgid
}

// the same kfunc with an int64 pid: the kernel takes any integer, but one
// object has one declaration of bpf_task_from_pid
//go:extern bpf_task_from_pid
func taskFromPid64(pid int64) *bpfCoreTaskStruct

//go:section syscall
//export shared_differently
func shared_differently(ctx unsafe.Pointer) int32 {
	a := bpfKfuncBpfTaskFromPid(1)
	if a == nil {
		return 0
	}
	b := taskFromPid64(2)
	if b == nil {
		return 0
	}
	return a.Tgid + b.Tgid
}

func bpfKfuncSixArguments(a, b, c, d, e, f int32) int32

//go:section syscall
//export six_arguments
func six_arguments(ctx unsafe.Pointer) int32 {
	return bpfKfuncSixArguments(1, 2, 3, 4, 5, 6)
}

type triple struct{ A, B, C, D, E int64 }

func bpfKfuncTakesStruct(t triple) int32

//go:section syscall
//export struct_argument
func struct_argument(ctx unsafe.Pointer) int32 {
	return bpfKfuncTakesStruct(triple{1, 2, 3, 4, 5})
}

func bpfKfuncTwoResults(x int32) (int32, int32)

//go:section syscall
//export two_results
func two_results(ctx unsafe.Pointer) int32 {
	a, b := bpfKfuncTwoResults(1)
	return a + b
}

//go:extern bpf_task_from_pid
func taskFromPidNoResult(pid int32)

//go:section syscall
//export no_result
func no_result(ctx unsafe.Pointer) int32 {
	taskFromPidNoResult(1)
	return 0
}

//go:extern bpf_task_release
func releaseWithResult(task *bpfCoreTaskStruct) int32

//go:section syscall
//export void_result
func void_result(ctx unsafe.Pointer) int32 {
	a := bpfKfuncBpfTaskFromPid(1)
	if a == nil {
		return 0
	}
	return releaseWithResult(a)
}

//go:extern bpf_task_from_pid
func taskFromPointer(pid unsafe.Pointer) *bpfCoreTaskStruct

//go:section syscall
//export pointer_for_integer
func pointer_for_integer(ctx unsafe.Pointer) int32 {
	if t := taskFromPointer(ctx); t != nil {
		return t.Tgid
	}
	return 0
}

// void *bpf_cast_to_kern_ctx(void *obj) declared with integers
//go:extern bpf_cast_to_kern_ctx
func castToKernCtx(obj int64) int64

//go:section syscall
//export void_pointers
func void_pointers(ctx unsafe.Pointer) int32 {
	return int32(castToKernCtx(int64(uintptr(ctx))))
}

// int bpf_ct_set_nat_info(struct nf_conn___init *, union nf_inet_addr *, int, enum ...)
//go:extern bpf_ct_set_nat_info
func ctSetNatInfo(nfct unsafe.Pointer, addr int64, port int32, manip int32) int32

//go:section syscall
//export union_argument
func union_argument(ctx unsafe.Pointer) int32 {
	return ctSetNatInfo(ctx, 1, 2, 3)
}

func bpfKfuncNoSuchKernelFunction(x int32) int32

//go:section syscall
//export unknown_kfunc
func unknown_kfunc(ctx unsafe.Pointer) int32 {
	return bpfKfuncNoSuchKernelFunction(1)
}

// a pointer to a pointer, whose Go name is its pointee's with a '*'
//go:extern bpf_task_from_pid
func taskFromPidTwice(pid int32) **bpfCoreTaskStruct

//go:section syscall
//export double_pointer
func double_pointer(ctx unsafe.Pointer) int32 {
	if p := taskFromPidTwice(1); p != nil {
		return (*p).Tgid
	}
	return 0
}

func main() {}
