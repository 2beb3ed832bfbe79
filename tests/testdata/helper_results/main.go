// Helper declarations whose result or integer widths differ from the
// kernel's prototypes (include/uapi/linux/bpf.h): each refused at the Go
// declaration, with the UAPI type and the Go one.
package main

import "unsafe"

// u32 bpf_get_prandom_u32(void), declared with a 64-bit result
func bpfGetPrandomU32() uint64

// void bpf_ringbuf_submit(void *data, u64 flags), declared with a result
func bpfRingbufSubmit(data unsafe.Pointer, flags uint64) int64

// long bpf_get_current_comm(void *buf, u32 size_of_buf), the size as 8 bits
func bpfGetCurrentComm(buf unsafe.Pointer, size uint8) int64

// long bpf_get_stackid(void *ctx, struct bpf_map *map, u64 flags), the flags as 16 bits
func bpfGetStackid(ctx, m unsafe.Pointer, flags uint16) int64

var stacks [8]byte

//go:section tracepoint/syscalls/sys_enter_execve
//export on_exec
func on_exec(ctx unsafe.Pointer) int32 {
	var comm [16]byte
	bpfGetCurrentComm(unsafe.Pointer(&comm), 16)
	bpfRingbufSubmit(unsafe.Pointer(&comm), 0)
	bpfGetStackid(ctx, unsafe.Pointer(&stacks), 0)
	return int32(bpfGetPrandomU32())
}

func main() {}
