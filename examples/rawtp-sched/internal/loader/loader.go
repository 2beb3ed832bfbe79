// Package loader loads the exec tracer's BPF object and attaches it.
package loader

import (
	"errors"
	"fmt"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
)

// Names the object must contain; they come from bpf/sched.go.
const (
	ProgramName = "trace_exec"
	MapName     = "events"
	Tracepoint  = "sched_process_exec"
)

// Tracer is a loaded and attached exec program.
type Tracer struct {
	coll *ebpf.Collection
	link link.Link
}

// Load loads the BPF object at path, which fixes its task_struct field
// offsets against the running kernel's BTF, and attaches the program to the
// sched_process_exec raw tracepoint.
func Load(path string) (*Tracer, error) {
	spec, err := ebpf.LoadCollectionSpec(path)
	if err != nil {
		return nil, fmt.Errorf("load object: %w", err) // err names the path
	}
	// Checked up front so a wrong object fails with its name, not deep in NewCollection.
	if p := spec.Programs[ProgramName]; p == nil || p.Type != ebpf.RawTracepoint {
		return nil, fmt.Errorf("%s: no raw tracepoint program %q", path, ProgramName)
	}
	if m := spec.Maps[MapName]; m == nil || m.Type != ebpf.PerfEventArray {
		return nil, fmt.Errorf("%s: no perf event array %q", path, MapName)
	}

	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		// The verifier's full log (%+v) is what explains a rejected program.
		if ve := (*ebpf.VerifierError)(nil); errors.As(err, &ve) {
			return nil, fmt.Errorf("load %s into the kernel: %+v", path, ve)
		}
		return nil, fmt.Errorf("load %s into the kernel: %w", path, err)
	}
	l, err := link.AttachRawTracepoint(link.RawTracepointOptions{Name: Tracepoint, Program: coll.Programs[ProgramName]})
	if err != nil {
		coll.Close()
		return nil, fmt.Errorf("attach %s to raw tracepoint %s: %w", ProgramName, Tracepoint, err)
	}
	return &Tracer{coll: coll, link: l}, nil
}

// Events is the perf event array the program writes event.Exec records into.
func (t *Tracer) Events() *ebpf.Map { return t.coll.Maps[MapName] }

// Close detaches the program, then frees the program and maps.
func (t *Tracer) Close() error {
	err := t.link.Close()
	t.coll.Close()
	return err
}
