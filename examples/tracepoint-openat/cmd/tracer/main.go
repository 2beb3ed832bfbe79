// Command tracer prints every openat(2) call on the system, as seen by the
// BPF program in bpf/ (built into build/openat.bpf.o by scripts/build.sh).
package main

import (
	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/tracepoint-openat/internal/event"
	"github.com/tinybpf/tinybpf/examples/tracepoint-openat/internal/loader"
	"github.com/tinybpf/tinybpf/examples/tracepoint-openat/internal/reader"
)

func main() {
	trace.Command[event.OpenEvent]{
		Name:        "tracer",
		Description: "Traces openat(2) system-wide; needs root.",
		DefaultObj:  "build/openat.bpf.o",
		// -pid filters in the program, so that its lost count is that process's too.
		LoadFiltered: func(obj string, o trace.Options) (*trace.Tracer, error) { return loader.Load(obj, o.PID) },
		Reader:       reader.New,
		PID:          func(ev event.OpenEvent) uint32 { return ev.PID },
	}.Main()
}
