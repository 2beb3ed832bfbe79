// Command tracer prints every connect(2) to an IPv4 or IPv6 address on the
// system, who made it and its result, as seen by the BPF programs in bpf/
// (built into build/connect.bpf.o by scripts/build.sh).
package main

import (
	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/tracepoint-connect/internal/event"
	"github.com/tinybpf/tinybpf/examples/tracepoint-connect/internal/loader"
	"github.com/tinybpf/tinybpf/examples/tracepoint-connect/internal/reader"
)

func main() {
	trace.Command[event.ConnectEvent]{
		Name: "tracer",
		Description: "Traces connect(2) to IPv4 and IPv6 addresses system-wide: pid, thread, command, address,\n" +
			"port and return value. Needs root.",
		DefaultObj:   "build/connect.bpf.o",
		LoadFiltered: func(obj string, o trace.Options) (*trace.Tracer, error) { return loader.Load(obj, o.PID) },
		Reader:       reader.New,
		PID:          func(ev event.ConnectEvent) uint32 { return ev.PID },
	}.Main()
}
