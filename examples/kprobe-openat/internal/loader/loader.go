// Package loader loads bpf/openat.go's object and attaches its kprobe.
package loader

import (
	"fmt"

	"github.com/cilium/ebpf/link"

	"github.com/tinybpf/tinybpf/examples/internal/ringtrace"
)

// Names the object must contain (from bpf/openat.go) and the kernel function
// it probes.
const (
	ProgramName = "kprobe_openat"
	Function    = "do_sys_openat2"
)

// Load loads the BPF object at path and attaches its program as a kprobe on
// do_sys_openat2.
func Load(path string) (*ringtrace.Tracer, error) {
	coll, err := ringtrace.Load(path, ProgramName)
	if err != nil {
		return nil, err
	}
	l, err := link.Kprobe(Function, coll.Programs[ProgramName], nil)
	if err != nil {
		coll.Close()
		return nil, fmt.Errorf("attach %s to kprobe %s: %w", ProgramName, Function, err)
	}
	return ringtrace.NewTracer(coll, l), nil
}
