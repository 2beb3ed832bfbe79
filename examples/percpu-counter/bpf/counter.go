// Counts system calls on each CPU, in a per-CPU array: every CPU adds to its
// own copy of the counter, so no two CPUs ever write the same memory and the
// increment needs no atomic instruction (Go's atomic.AddUint64 would need the
// BPF v3 atomics of Linux 5.12; this runs on 5.10). User space reads all the
// copies and sums them. Compiled by TinyGo and tinybpf; counter_stub.go keeps
// standard Go tooling happy.

//go:build tinygo

package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

// counts has one slot, index 0, with one uint64 per possible CPU.
var counts = bpf.PerCPUArray[uint64]{MaxEntries: 1}

// targTgid, set by the tracer's -pid before load (.rodata), counts only that
// process's calls: 0 counts every process's.
//
//go:section .rodata
var targTgid uint32

// count_syscall runs on the CPU that makes the call, with preemption and
// migration off, so the value Lookup returns is that CPU's alone. The tracer
// attaches it to raw_syscalls/sys_enter (every system call) or to one
// syscalls/sys_enter_NAME tracepoint (-syscall NAME); it reads nothing of
// the record, so the same program fits both.
//
//go:section tracepoint/raw_syscalls/sys_enter
//export count_syscall
func count_syscall(ctx *bpf.SyscallEnter) int32 {
	if targTgid != 0 && uint32(bpf.GetCurrentPidTgid()>>32) != targTgid {
		return 0
	}
	if n := counts.Lookup(0); n != nil {
		*n++
	}
	return 0
}

func main() {}
