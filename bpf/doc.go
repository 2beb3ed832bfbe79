// Package bpf gives Go eBPF programs (compiled by TinyGo and tinybpf) typed
// access to the context each kind of program receives:
//
//   - kprobe/kretprobe: the probed function's arguments and return value in
//     struct pt_regs, whose layout depends on the CPU architecture: PtRegs is
//     PtRegsAmd64 or PtRegsArm64, chosen by GOARCH (Arg1..Arg6, Ret, and
//     SyscallArg1..SyscallArg6 for a syscall's own registers);
//   - fentry/fexit/fmod_ret, tp_btf and raw tracepoints: Args, the arguments
//     widened to 64 bits (and, for fexit, the return value after them);
//   - tracepoints: TracepointHeader, SyscallEnter and SyscallExit, the
//     records of /sys/kernel/tracing/events/.../format.
//
// Reading a field of these types from the program's ctx pointer is a load at
// a constant offset from ctx, which is what the verifier accepts. Pointers
// found there point into kernel or user memory and must be read with the
// probe-read helpers (ProbeReadKernel, ProbeReadUser, ...).
//
// Every kernel helper is a function of this package (helpers_gen.go,
// generated from the kernel's UAPI header), maps are typed generic structs
// (HashMap, Array, RingBuf, ... in maps.go) and Printk is C's bpf_printk with
// its format checked at build time. See docs/sdk.md in the tinybpf
// repository.
//
// See docs/context.md in the tinybpf repository.
package bpf
