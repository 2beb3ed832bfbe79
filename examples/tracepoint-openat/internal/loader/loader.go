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
// syscalls/sys_enter_openat tracepoint. With pid > 0 the program sends only
// that process's opens (its .rodata targTgid), and counts only its losses.
func Load(path string, pid uint32) (*trace.Tracer, error) {
	tracepoint := func(p *ebpf.Program) (link.Link, error) {
		return link.Tracepoint("syscalls", "sys_enter_openat", p, nil)
	}
	return trace.Load(path, trace.Object{
		Programs:  map[string]trace.Program{ProgramName: {Type: ebpf.TracePoint, Attach: tracepoint}},
		Events:    ebpf.RingBuf,
		Constants: map[string]any{"targTgid": pid},
		AttachTo:  "tracepoint syscalls/sys_enter_openat",
	})
}
