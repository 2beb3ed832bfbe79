//go:build tinygo

package bpf

import "unsafe"

// Kernel helpers, declared without a body: tinybpf recognises the names
// (bpfProbeReadKernel is bpf_probe_read_kernel) and turns calls into helper
// calls. Standard Go cannot compile body-less functions, hence the build tag;
// the exported wrappers are inlined into the program.

func bpfGetCurrentPidTgid() uint64
func bpfGetCurrentUidGid() uint64
func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfProbeReadKernelStr(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfProbeReadUser(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfProbeReadUserStr(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfRingbufOutput(ringbuf unsafe.Pointer, data unsafe.Pointer, size uint64, flags uint64) int64

// CurrentPidTgid returns the current task's thread group id (the process id
// user space sees) in the upper 32 bits and its thread id in the lower.
func CurrentPidTgid() uint64 { return bpfGetCurrentPidTgid() }

// CurrentUidGid returns the current task's gid in the upper 32 bits and its
// uid in the lower.
func CurrentUidGid() uint64 { return bpfGetCurrentUidGid() }

// CurrentComm copies the current task's command name, NUL-terminated, into
// buf (TASK_COMM_LEN is 16). It returns 0 or a negative errno.
func CurrentComm(buf []byte) int64 {
	return bpfGetCurrentComm(unsafe.Pointer(unsafe.SliceData(buf)), uint32(len(buf)))
}

// ProbeReadKernel copies size bytes from the kernel address src to dst.
// Use it for pointers into kernel memory, such as a kernel function's struct
// arguments. It returns 0 or a negative errno (dst is then zeroed).
func ProbeReadKernel(dst unsafe.Pointer, size uint32, src uintptr) int64 {
	return bpfProbeReadKernel(dst, size, unsafe.Pointer(src))
}

// ProbeReadKernelStr copies a NUL-terminated string from kernel memory into
// buf, truncating and terminating it if it does not fit. It returns the
// length including the NUL, or a negative errno.
func ProbeReadKernelStr(buf []byte, src uintptr) int64 {
	return bpfProbeReadKernelStr(unsafe.Pointer(unsafe.SliceData(buf)), uint32(len(buf)), unsafe.Pointer(src))
}

// ProbeReadUser copies size bytes from the user-space address src (a
// __user pointer, such as a path a system call received) to dst.
func ProbeReadUser(dst unsafe.Pointer, size uint32, src uintptr) int64 {
	return bpfProbeReadUser(dst, size, unsafe.Pointer(src))
}

// ProbeReadUserStr copies a NUL-terminated string from user memory into buf,
// like ProbeReadKernelStr.
func ProbeReadUserStr(buf []byte, src uintptr) int64 {
	return bpfProbeReadUserStr(unsafe.Pointer(unsafe.SliceData(buf)), uint32(len(buf)), unsafe.Pointer(src))
}

// RingbufOutput copies size bytes at data into the ring buffer map ringbuf
// (a pointer to the map variable). It returns 0, or a negative errno when the
// ring buffer is full: count those to report lost events.
func RingbufOutput(ringbuf unsafe.Pointer, data unsafe.Pointer, size uint64) int64 {
	return bpfRingbufOutput(ringbuf, data, size, 0)
}

// SyscallRegs copies the registers a system call was entered with into dst.
// In a kprobe or fentry program on a syscall wrapper (__x64_sys_openat,
// __arm64_sys_openat) the wrapper's only argument, regs.Arg1(), points to them
// in kernel memory; read the syscall's arguments from dst with SyscallArgN.
func SyscallRegs(dst *PtRegs, wrapperArg uint64) int64 {
	return bpfProbeReadKernel(unsafe.Pointer(dst), uint32(unsafe.Sizeof(*dst)), unsafe.Pointer(uintptr(wrapperArg)))
}
