// Command tracer prints every entry into and exit from the kernel's
// do_unlinkat (unlink, unlinkat, rmdir), with pid, file name and return
// value, as seen by the fentry and fexit programs in bpf/ (built into
// build/unlink.bpf.o by scripts/build.sh).
package main

import (
	"github.com/tinybpf/tinybpf/examples/fentry-unlink/internal/event"
	"github.com/tinybpf/tinybpf/examples/fentry-unlink/internal/loader"
	"github.com/tinybpf/tinybpf/examples/fentry-unlink/internal/reader"
	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

func main() {
	trace.Command[event.UnlinkEvent]{
		Name:        "tracer",
		Description: "Traces do_unlinkat system-wide with fentry and fexit (kernel 5.5+ with BTF); needs root.",
		DefaultObj:  "build/unlink.bpf.o",
		Load:        loader.Load,
		Reader:      reader.New,
		PID:         func(ev event.UnlinkEvent) uint32 { return ev.PID },
	}.Main()
}
