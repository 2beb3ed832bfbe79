// Package loader loads bpf/open.go's object and attaches its fentry program.
package loader

import (
	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// ProgramName is the program the object must contain (from bpf/open.go); its
// section, fentry/do_sys_openat2, names the traced function.
const ProgramName = "fentry_open"

// Load loads the BPF object at path (the kernel resolves do_sys_openat2 in
// its BTF) and attaches the program to the function's entry.
func Load(path string) (*trace.Tracer, error) {
	fentry := func(p *ebpf.Program) (link.Link, error) {
		return link.AttachTracing(link.TracingOptions{Program: p, AttachType: ebpf.AttachTraceFEntry})
	}
	return trace.Load(path, trace.Object{
		Programs: map[string]trace.Program{ProgramName: {Type: ebpf.Tracing, Attach: fentry}},
		Events:   ebpf.RingBuf,
		AttachTo: "fentry do_sys_openat2",
	})
}
