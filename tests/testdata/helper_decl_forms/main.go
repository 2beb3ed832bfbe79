package main

import "unsafe"

// Hand-declared helpers in forms gofmt keeps, each with one mistake that
// tinybpf names at its place in this file (tests/cli/bad_input_test.sh checks
// the places against go/parser's).

// bpf_get_stack(void *ctx, void *buf, u32 size, u64 flags): names in
// groups; size, the first of its group, is 64 bits.
func bpfGetStack(ctx, buf unsafe.Pointer, size, flags uint64) int64

// bpf_get_current_comm(void *buf, u32 size_of_buf): one parameter a line,
// a type with brackets, and a comma before the closing parenthesis.
func bpfGetCurrentComm(
	buf *[16]byte,
	size uint64,
) int64

// bpf_probe_read_user(void *dst, u32 size, const void *unsafe_ptr) returns
// a long: the result, written after the parenthesis on its own line, is 32
// bits.
func bpfProbeReadUser(
	dst unsafe.Pointer,
	size uint32,
	src unsafe.Pointer,
) int32

//go:section tracepoint/syscalls/sys_enter_close
//export on_close
func on_close(ctx unsafe.Pointer) int32 {
	var comm [16]byte
	var v uint64
	bpfGetStack(ctx, unsafe.Pointer(&comm), 16, 0)
	bpfGetCurrentComm(&comm, 16)
	return bpfProbeReadUser(unsafe.Pointer(&v), 8, ctx) + int32(comm[0])
}

func main() {}
