package main

import "unsafe"

// bpf_probe_read_kernel(void *dst, u32 size, const void *unsafe_ptr), its
// parameters on three lines, two with a comment after them: the wrong one is
// named at its own line.
func bpfProbeReadKernel(dst unsafe.Pointer, // where it goes
	size uint64, // too wide
	src unsafe.Pointer) int64

// bpf_ktime_get_ns returns a u64: an int32 result, before a comment.
func bpfKtimeGetNs() int32 // not u64

//go:section tracepoint/syscalls/sys_enter_close
//export on_close
func on_close(ctx unsafe.Pointer) int32 {
	var v uint64
	bpfProbeReadKernel(unsafe.Pointer(&v), 8, ctx)
	return int32(v) + bpfKtimeGetNs()
}

func main() {}
