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
	want := trace.Object{
		Programs: map[string]ebpf.ProgramType{ProgramName: ebpf.RawTracepoint},
		Events:   ebpf.PerfEventArray,
		AttachTo: "raw tracepoint " + Tracepoint,
	}
	return trace.Load(path, want, func(coll *ebpf.Collection) ([]link.Link, error) {
		l, err := link.AttachRawTracepoint(link.RawTracepointOptions{Name: Tracepoint, Program: coll.Programs[ProgramName]})
		return []link.Link{l}, err
	})
}
