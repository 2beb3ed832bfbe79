// fentry/fexit on do_unlinkat the tutorial's first way: bpf_printk into the
// kernel's trace buffer, read from /sys/kernel/tracing/trace_pipe, with the
// tutorial's format. Compiled by TinyGo and tinybpf; printk_stub.go keeps
// standard Go tooling happy.

//go:build tinygo

package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

// bpf_trace_printk(fmt, fmt_size, ...) takes up to three values; the format
// must end in NUL, which Go strings do not, hence the explicit \x00.
func bpfTracePrintk(format unsafe.Pointer, size uint32, a, b, c uint64) int64

const (
	entryFormat = "My internal print ==> fentry: pid = %d, filename = %s\x00"
	exitFormat  = "My internal print ==> fexit: pid = %d, filename = %s, ret = %ld\x00"
)

func printk(format string, a, b, c uint64) {
	bpfTracePrintk(unsafe.Pointer(unsafe.StringData(format)), uint32(len(format)), a, b, c)
}

// do_unlinkat(int dfd, struct filename *name) in bpf.Args slots; for fexit
// the return value follows.
const (
	argName  = 1
	argCount = 2
)

// pathOf returns name->name: the kernel pointer to the path, which %s reads.
func pathOf(name uint64) uint64 {
	var path uint64
	bpf.ProbeReadKernel(unsafe.Pointer(&path), uint32(unsafe.Sizeof(path)), unsafe.Pointer(uintptr(name)))
	return path
}

//go:section fentry/do_unlinkat
//export do_unlinkat
func do_unlinkat(ctx unsafe.Pointer) int32 {
	args := (*bpf.Args)(ctx)
	pid := bpf.GetCurrentPidTgid() >> 32
	printk(entryFormat, pid, pathOf(args[argName]), 0)
	return 0
}

//go:section fexit/do_unlinkat
//export do_unlinkat_exit
func do_unlinkat_exit(ctx unsafe.Pointer) int32 {
	args := (*bpf.Args)(ctx)
	pid := bpf.GetCurrentPidTgid() >> 32
	// An int return value: sign-extend its low 32 bits for %ld.
	printk(exitFormat, pid, pathOf(args[argName]), uint64(int64(int32(args.Ret(argCount)))))
	return 0
}

func main() {}
