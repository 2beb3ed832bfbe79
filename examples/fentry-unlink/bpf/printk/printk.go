// fentry/fexit on do_unlinkat the tutorial's first way, written with tinybpf's
// Go SDK: bpf.Printk into the kernel's trace buffer, read from
// /sys/kernel/tracing/trace_pipe, with the tutorial's format. Compiled by
// TinyGo and tinybpf; printk_stub.go keeps standard Go tooling happy,
// kernel_gen.go is `tinybpf types filename`.

//go:build tinygo

package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

// do_unlinkat(int dfd, struct filename *name) in the 64-bit slots of bpf.Args;
// for fexit, the return value follows. name is a BTF pointer: its field name
// (the kernel pointer to the path, which %s reads) is loaded directly.
//
//go:section fentry/do_unlinkat
//export do_unlinkat
func do_unlinkat(ctx *bpf.Args) int32 {
	if name := (*Filename)(unsafe.Pointer(uintptr(ctx[1]))); name != nil {
		bpf.Printk("My internal print ==> fentry: pid = %d, filename = %s", bpf.GetCurrentPidTgid()>>32, uint64(name.Name))
	}
	return 0
}

//go:section fexit/do_unlinkat
//export do_unlinkat_exit
func do_unlinkat_exit(ctx *bpf.Args) int32 {
	// An int return value: sign-extend its low 32 bits for %ld.
	ret := int64(int32(ctx.Ret(2)))
	if name := (*Filename)(unsafe.Pointer(uintptr(ctx[1]))); name != nil {
		bpf.Printk("My internal print ==> fexit: pid = %d, filename = %s, ret = %ld", bpf.GetCurrentPidTgid()>>32, uint64(name.Name), uint64(ret))
	}
	return 0
}

func main() {}
