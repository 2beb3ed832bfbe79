// Package loader loads the openat tracer's BPF object and attaches it.
package loader

import (
	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// ProgramName is the program the object must contain (from bpf/openat.go).
const ProgramName = "trace_openat"

// Load loads the BPF object at path and attaches its program to the
// syscalls/sys_enter_openat tracepoint.
func Load(path string) (*trace.Tracer, error) {
	want := trace.Object{
		Programs: map[string]ebpf.ProgramType{ProgramName: ebpf.TracePoint},
		Events:   ebpf.RingBuf,
		AttachTo: "tracepoint syscalls/sys_enter_openat",
	}
	return trace.Load(path, want, func(coll *ebpf.Collection) ([]link.Link, error) {
		l, err := link.Tracepoint("syscalls", "sys_enter_openat", coll.Programs[ProgramName], nil)
		return []link.Link{l}, err
	})
}
