//go:build !tinygo

package bpf

// Printk writes a line to the kernel's trace buffer
// (/sys/kernel/tracing/trace_pipe), as C's bpf_printk does:
//
//	bpf.Printk("open by pid %d: %s\n", pid, uint64(uintptr(unsafe.Pointer(&name[0]))))
//
// The format must be a constant. tinybpf checks it at build time as the
// kernel does at run time (where a bad format only makes the helper fail):
// one argument per conversion, and only the conversions the kernel accepts:
// %d %i %u %x %X with an optional l or ll and width flags, %c, %s (the
// address of a NUL-terminated string, e.g. on the stack), %p and its forms
// %pK %px %ps %pS %pB %pks %pus %pi4 %pI4 %pi6 %pI6, and %% (Linux 5.13; 5.10
// accepts %d %i %u %x with l or ll, %p %pks %pus %pB and %s, nothing else). With
// up to 3 arguments the call is bpf_trace_printk; with 4 to 12 it is
// bpf_trace_vprintk, which needs Linux 5.16. It returns the number of bytes
// written, or a negative errno.
//
// The trace buffer is a debugging aid shared by the whole machine: send
// events to user space through a RingBuf.
func Printk(format string, args ...uint64) int64 {
	panic("bpf.Printk runs only in a BPF program built with TinyGo and tinybpf")
}
