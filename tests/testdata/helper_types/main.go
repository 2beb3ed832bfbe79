package main

import "unsafe"

// Wrong types for bpf_probe_read_user_str(void *dst, u32 size, const void *unsafe_ptr).
func bpfProbeReadUserStr(dst unsafe.Pointer, size uint64, src uintptr) int64

// The same check for an //export bpf_* declaration: size_of_buf is a u32.
//
//export bpf_get_current_comm
func currentComm(buf unsafe.Pointer, size int) int64

// The first parameter wrong: bpf_probe_read_kernel's dst is a pointer.
func bpfProbeReadKernel(dst uint64, size uint32, src unsafe.Pointer) int64

//go:section tracepoint/syscalls/sys_enter_openat
//export on_open
func on_open(ctx unsafe.Pointer) int32 {
	var name [64]byte
	bpfProbeReadUserStr(unsafe.Pointer(&name), 64, 0)
	currentComm(unsafe.Pointer(&name), 16)
	bpfProbeReadKernel(0, 8, unsafe.Pointer(&name))
	return int32(name[0])
}

func main() {}
