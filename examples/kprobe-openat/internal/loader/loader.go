// Package loader loads bpf/openat.go's object and attaches its kprobe.
package loader

import (
	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// Names the object must contain (from bpf/openat.go) and the kernel function
// it probes.
const (
	ProgramName = "kprobe_openat"
	Function    = "do_sys_openat2"
)

// Load loads the BPF object at path and attaches its program as a kprobe on
// do_sys_openat2.
func Load(path string) (*trace.Tracer, error) {
	kprobe := func(p *ebpf.Program) (link.Link, error) { return link.Kprobe(Function, p, nil) }
	return trace.Load(path, trace.Object{
		Programs: map[string]trace.Program{ProgramName: {Type: ebpf.Kprobe, Attach: kprobe}},
		Events:   ebpf.RingBuf,
		AttachTo: "kprobe " + Function,
	})
}
