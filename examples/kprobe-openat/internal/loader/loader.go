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
	want := trace.Object{
		Programs: map[string]ebpf.ProgramType{ProgramName: ebpf.Kprobe},
		Events:   ebpf.RingBuf,
		AttachTo: "kprobe " + Function,
	}
	return trace.Load(path, want, func(coll *ebpf.Collection) ([]link.Link, error) {
		l, err := link.Kprobe(Function, coll.Programs[ProgramName], nil)
		return []link.Link{l}, err
	})
}
