// Package loader loads bpf/open.go's object and attaches its fentry program.
package loader

import (
	"fmt"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"

	"github.com/tinybpf/tinybpf/examples/internal/ringtrace"
)

// ProgramName is the program the object must contain (from bpf/open.go); its
// section, fentry/do_sys_openat2, names the traced function.
const ProgramName = "fentry_open"

// Load loads the BPF object at path (the kernel resolves do_sys_openat2 in
// its BTF) and attaches the program to the function's entry.
func Load(path string) (*ringtrace.Tracer, error) {
	coll, err := ringtrace.Load(path, ProgramName)
	if err != nil {
		return nil, err
	}
	l, err := link.AttachTracing(link.TracingOptions{
		Program:    coll.Programs[ProgramName],
		AttachType: ebpf.AttachTraceFEntry,
	})
	if err != nil {
		coll.Close()
		return nil, fmt.Errorf("attach %s: %w", ProgramName, err)
	}
	return ringtrace.NewTracer(coll, l), nil
}
