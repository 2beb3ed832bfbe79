// Command tracer prints every call of the kernel's do_sys_openat2 (open,
// openat, openat2, creat) with pid and file name, as seen by the fentry
// program in bpf/ (built into build/open.bpf.o by scripts/build.sh).
package main

import (
	"github.com/tinybpf/tinybpf/examples/fentry-open/internal/event"
	"github.com/tinybpf/tinybpf/examples/fentry-open/internal/loader"
	"github.com/tinybpf/tinybpf/examples/fentry-open/internal/reader"
	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

func main() {
	trace.Command[event.OpenEvent]{
		Name:        "tracer",
		Description: "Traces file opens system-wide with fentry on do_sys_openat2 (kernel 5.5+ with BTF); needs root.",
		DefaultObj:  "build/open.bpf.o",
		Load:        loader.Load,
		Reader:      reader.New,
		PID:         func(ev event.OpenEvent) uint32 { return ev.PID },
	}.Main()
}
