// Command tracer prints every call of the kernel's do_sys_openat2 (open,
// openat, openat2, creat) with pid, uid, flags, command and file name, as seen
// by the kprobe in bpf/ (built into build/openat.bpf.o by scripts/build.sh).
package main

import (
	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/kprobe-openat/internal/event"
	"github.com/tinybpf/tinybpf/examples/kprobe-openat/internal/loader"
	"github.com/tinybpf/tinybpf/examples/kprobe-openat/internal/reader"
)

func main() {
	trace.Command[event.OpenEvent]{
		Name:        "tracer",
		Description: "Traces file opens system-wide with a kprobe on do_sys_openat2; needs root.",
		DefaultObj:  "build/openat.bpf.o",
		Load:        loader.Load,
		Reader:      reader.New,
		PID:         func(ev event.OpenEvent) uint32 { return ev.PID },
	}.Main()
}
