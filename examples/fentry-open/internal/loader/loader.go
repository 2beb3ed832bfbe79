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
	want := trace.Object{
		Programs: map[string]ebpf.ProgramType{ProgramName: ebpf.Tracing},
		Events:   ebpf.RingBuf,
		AttachTo: "fentry do_sys_openat2",
	}
	return trace.Load(path, want, func(coll *ebpf.Collection) ([]link.Link, error) {
		l, err := link.AttachTracing(link.TracingOptions{
			Program:    coll.Programs[ProgramName],
			AttachType: ebpf.AttachTraceFEntry,
		})
		return []link.Link{l}, err
	})
}
