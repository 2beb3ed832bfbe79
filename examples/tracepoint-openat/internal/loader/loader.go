// Package loader loads the openat tracer's BPF object and attaches it.
package loader

import (
	"errors"
	"fmt"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
)

// Names the object must contain; they come from bpf/openat.go.
const (
	ProgramName = "trace_openat"
	MapName     = "events"
)

// Tracer is a loaded and attached openat program.
type Tracer struct {
	coll *ebpf.Collection
	link link.Link
}

// Load loads the BPF object at path and attaches its program to the
// syscalls/sys_enter_openat tracepoint.
func Load(path string) (*Tracer, error) {
	spec, err := ebpf.LoadCollectionSpec(path)
	if err != nil {
		return nil, fmt.Errorf("load object: %w", err) // err names the path
	}
	// Checked up front so a wrong object fails with its name, not deep in NewCollection.
	if spec.Programs[ProgramName] == nil {
		return nil, fmt.Errorf("%s: no program %q", path, ProgramName)
	}
	if m := spec.Maps[MapName]; m == nil || m.Type != ebpf.RingBuf {
		return nil, fmt.Errorf("%s: no ring buffer map %q", path, MapName)
	}

	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		// The verifier's full log (%+v) is what explains a rejected program.
		if ve := (*ebpf.VerifierError)(nil); errors.As(err, &ve) {
			return nil, fmt.Errorf("load %s into the kernel: %+v", path, ve)
		}
		return nil, fmt.Errorf("load %s into the kernel: %w", path, err)
	}
	l, err := link.Tracepoint("syscalls", "sys_enter_openat", coll.Programs[ProgramName], nil)
	if err != nil {
		coll.Close()
		return nil, fmt.Errorf("attach %s: %w", ProgramName, err)
	}
	return &Tracer{coll: coll, link: l}, nil
}

// Events is the ring buffer the program writes event.OpenEvent records into.
func (t *Tracer) Events() *ebpf.Map { return t.coll.Maps[MapName] }

// Close detaches the program, then frees the program and maps.
func (t *Tracer) Close() error {
	err := t.link.Close()
	t.coll.Close()
	return err
}
