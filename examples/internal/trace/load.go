// Package trace is what the examples' Go tracers share: loading a BPF object
// and attaching its programs, reading its events from a ring buffer or a
// perf event array, reporting lost events and records that do not decode,
// and the tracers' common command line. What is each example's own (its
// programs and where they attach, its event layout and output line) stays in
// the example's internal/{loader,event,reader} and cmd/tracer.
package trace

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
)

// Names every example's BPF program uses: the map its events go to, and the
// .bss counter of events a full ring buffer refused (ring buffer programs
// that count them; a perf event array reports its losses itself).
const (
	EventsMap  = "events"
	DroppedVar = "dropped"
)

// Object is what a loader expects of its BPF object. Load checks it before
// the kernel sees the object, so that a wrong object fails with a message
// naming what is missing, not deep in the verifier.
type Object struct {
	Programs map[string]Program
	// Events is the type of EventsMap: ebpf.RingBuf or ebpf.PerfEventArray;
	// ebpf.UnspecifiedMap for an object without events to read.
	Events ebpf.MapType
	// Constants are .rodata variables to set before loading (load-time settings).
	Constants map[string]any
	// AttachTo says where the programs attach, for the tracer's "attached
	// to ..." line and attach errors: "kprobe do_sys_openat2".
	AttachTo string
}

// Program is one program of an object: its type, checked before loading, and
// how it attaches once loaded.
type Program struct {
	Type ebpf.ProgramType
	// Attach attaches the loaded program. A nil link without an error means
	// the program is left out (opensnoop: a tracepoint this kernel lacks).
	Attach func(*ebpf.Program) (link.Link, error)
}

// Tracer is a loaded object with its programs attached.
type Tracer struct {
	coll     *ebpf.Collection
	links    []link.Link
	attachTo string
}

// Load reads the object at path, checks it against want, sets its constants,
// loads it into the kernel and attaches its programs, in the order of their
// names (that of their sections in libbpf's skeletons).
func Load(path string, want Object) (*Tracer, error) {
	spec, err := ebpf.LoadCollectionSpec(path)
	if err != nil {
		return nil, fmt.Errorf("load object: %w", err) // err names the path
	}
	programs := slices.Sorted(maps.Keys(want.Programs))
	for _, name := range programs {
		if p := spec.Programs[name]; p == nil || p.Type != want.Programs[name].Type {
			return nil, fmt.Errorf("%s: no %v program %q", path, want.Programs[name].Type, name)
		}
	}
	if want.Events != ebpf.UnspecifiedMap {
		if m := spec.Maps[EventsMap]; m == nil || m.Type != want.Events {
			return nil, fmt.Errorf("%s: no %v map %q", path, want.Events, EventsMap)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(want.Constants)) {
		v := spec.Variables[name]
		if v == nil || !v.Constant() {
			return nil, fmt.Errorf("%s: no .rodata variable %q", path, name)
		}
		if err := v.Set(want.Constants[name]); err != nil {
			return nil, fmt.Errorf("%s: set %s: %w", path, name, err)
		}
	}

	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		// The verifier's full log (%+v) is what explains a rejected program.
		if ve := (*ebpf.VerifierError)(nil); errors.As(err, &ve) {
			return nil, fmt.Errorf("load %s into the kernel: %+v", path, ve)
		}
		return nil, fmt.Errorf("load %s into the kernel: %w", path, err)
	}
	t := &Tracer{coll: coll, attachTo: want.AttachTo}
	for _, name := range programs {
		l, err := want.Programs[name].Attach(coll.Programs[name])
		if err != nil {
			return nil, errors.Join(fmt.Errorf("attach %s to %s: %w", name, want.AttachTo, err), t.Close())
		}
		if l != nil {
			t.links = append(t.links, l)
		}
	}
	return t, nil
}

// AttachTo says where the programs are attached (Object.AttachTo).
func (t *Tracer) AttachTo() string { return t.attachTo }

// Events is the map the programs write their events to.
func (t *Tracer) Events() *ebpf.Map { return t.coll.Maps[EventsMap] }

// Dropped reads the programs' DroppedVar counter: how many events the
// programs could not send (a full ring buffer, or a perf buffer's failure)
// so far. An object without one reports 0: it cannot tell (CountsDrops).
func (t *Tracer) Dropped() (uint64, error) {
	v := t.coll.Variables[DroppedVar]
	if v == nil {
		return 0, nil
	}
	var n uint64
	if err := v.Get(&n); err != nil {
		return 0, fmt.Errorf("read %s: %w", DroppedVar, err)
	}
	return n, nil
}

// CountsDrops says whether the programs count what they could not send
// (DroppedVar); without it, only a perf buffer's lost samples are known.
func (t *Tracer) CountsDrops() bool { return t.coll.Variables[DroppedVar] != nil }

// Detach detaches the programs (every one, also after an error): no event
// is sent after it. Close does it too; a second call does nothing.
func (t *Tracer) Detach() error {
	var errs []error
	for _, l := range t.links {
		errs = append(errs, l.Close())
	}
	t.links = nil
	return errors.Join(errs...)
}

// Close detaches the programs, then frees the programs and maps.
func (t *Tracer) Close() error {
	err := t.Detach()
	t.coll.Close()
	return err
}
