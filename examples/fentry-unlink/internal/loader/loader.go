// Package loader loads the fentry-unlink objects and attaches their fentry
// and fexit programs to do_unlinkat.
package loader

import (
	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// Programs of bpf/unlink.go (ring buffer) and of bpf/printk/printk.go
// (bpf_printk); their sections, fentry/do_unlinkat and fexit/do_unlinkat, name
// the traced function.
var (
	RingbufPrograms = []string{"do_unlinkat_entry", "do_unlinkat_exit"}
	PrintkPrograms  = []string{"do_unlinkat", "do_unlinkat_exit"}
)

// Load loads bpf/unlink.go's object at path and attaches its programs.
func Load(path string) (*trace.Tracer, error) {
	return load(path, RingbufPrograms, ebpf.RingBuf)
}

// LoadPrintk loads bpf/printk/printk.go's object at path and attaches its
// programs; their lines go to /sys/kernel/tracing/trace_pipe. The object has
// no events map: the tracer's Events and Dropped do not apply.
func LoadPrintk(path string) (*trace.Tracer, error) {
	return load(path, PrintkPrograms, ebpf.UnspecifiedMap)
}

func load(path string, programs []string, events ebpf.MapType) (*trace.Tracer, error) {
	want := trace.Object{
		Programs: map[string]trace.Program{},
		Events:   events,
		AttachTo: "fentry and fexit do_unlinkat",
	}
	for _, name := range programs {
		// Each program attaches where its section says (fentry/... or fexit/...).
		want.Programs[name] = trace.Program{Type: ebpf.Tracing, Attach: func(p *ebpf.Program) (link.Link, error) {
			return link.AttachTracing(link.TracingOptions{Program: p})
		}}
	}
	return trace.Load(path, want)
}
