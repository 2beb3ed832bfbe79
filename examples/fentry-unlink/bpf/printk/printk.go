// fentry/fexit on do_unlinkat the tutorial's first way, written with tinybpf's
// Go SDK: bpf.Printk into the kernel's trace buffer, read from
// /sys/kernel/tracing/trace_pipe, with the tutorial's format. Compiled by
// TinyGo and tinybpf; printk_stub.go keeps standard Go tooling happy.

//go:build tinygo

package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

// do_unlinkat(int dfd, struct filename *name) in the 64-bit slots of bpf.Args;
// for fexit, the return value follows. pathOf(name) is name->name, the kernel
// pointer to the path, which %s reads (see ../unlink.go's send).
//
//go:section fentry/do_unlinkat
//export do_unlinkat
func do_unlinkat(ctx *bpf.Args) int32 {
	bpf.Printk("My internal print ==> fentry: pid = %d, filename = %s", bpf.GetCurrentPidTgid()>>32, pathOf(ctx[1]))
	return 0
}

//go:section fexit/do_unlinkat
//export do_unlinkat_exit
func do_unlinkat_exit(ctx *bpf.Args) int32 {
	// An int return value: sign-extend its low 32 bits for %ld.
	bpf.Printk("My internal print ==> fexit: pid = %d, filename = %s, ret = %ld", bpf.GetCurrentPidTgid()>>32, pathOf(ctx[1]), uint64(int64(int32(ctx.Ret(2)))))
	return 0
}

func pathOf(name uint64) uint64 {
	var path uint64
	bpf.ProbeReadKernel(unsafe.Pointer(&path), uint32(unsafe.Sizeof(path)), unsafe.Pointer(uintptr(name)))
	return path
}

func main() {}
