// Package loader loads the exec tracer's BPF object and attaches it.
package loader

import (
	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// Names the object must contain (from bpf/sched.go), and its tracepoint.
const (
	ProgramName = "trace_exec"
	Tracepoint  = "sched_process_exec"
)

// Load loads the BPF object at path, which fixes its task_struct field
// offsets against the running kernel's BTF, and attaches the program to the
// sched_process_exec raw tracepoint.
func Load(path string) (*trace.Tracer, error) {
	rawTracepoint := func(p *ebpf.Program) (link.Link, error) {
		return link.AttachRawTracepoint(link.RawTracepointOptions{Name: Tracepoint, Program: p})
	}
	return trace.Load(path, trace.Object{
		Programs: map[string]trace.Program{ProgramName: {Type: ebpf.RawTracepoint, Attach: rawTracepoint}},
		Events:   ebpf.PerfEventArray,
		AttachTo: "raw tracepoint " + Tracepoint,
	})
}
