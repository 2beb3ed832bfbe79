// Package ringtrace is what the examples' Go tracers share: loading a BPF
// object whose programs write to a ring buffer, reading and decoding its
// records, reporting lost events, and the tracers' common command line.
package ringtrace

import (
	"errors"
	"fmt"

	"github.com/cilium/ebpf"
)

// Names every example's BPF program uses: the ring buffer map and the .bss
// counter of events the full ring buffer refused.
const (
	EventsMap  = "events"
	DroppedVar = "dropped"
)

// Load reads the object at path, checks that it holds the named programs and
// the ring buffer map EventsMap (so a wrong object fails with a clear message,
// not deep in the kernel), and loads it into the kernel.
func Load(path string, programs ...string) (*ebpf.Collection, error) {
	return load(path, true, programs)
}

// LoadPrograms is Load for an object without a ring buffer.
func LoadPrograms(path string, programs ...string) (*ebpf.Collection, error) {
	return load(path, false, programs)
}

func load(path string, withEvents bool, programs []string) (*ebpf.Collection, error) {
	spec, err := ebpf.LoadCollectionSpec(path)
	if err != nil {
		return nil, fmt.Errorf("load object: %w", err) // err names the path
	}
	for _, p := range programs {
		if spec.Programs[p] == nil {
			return nil, fmt.Errorf("%s: no program %q", path, p)
		}
	}
	if m := spec.Maps[EventsMap]; withEvents && (m == nil || m.Type != ebpf.RingBuf) {
		return nil, fmt.Errorf("%s: no ring buffer map %q", path, EventsMap)
	}
	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		// The verifier's full log (%+v) is what explains a rejected program.
		if ve := (*ebpf.VerifierError)(nil); errors.As(err, &ve) {
			return nil, fmt.Errorf("load %s into the kernel: %+v", path, ve)
		}
		return nil, fmt.Errorf("load %s into the kernel: %w", path, err)
	}
	return coll, nil
}

// Dropped reads the program's DroppedVar counter. An object without one
// reports 0: it cannot tell.
func Dropped(coll *ebpf.Collection) (uint64, error) {
	v := coll.Variables[DroppedVar]
	if v == nil {
		return 0, nil
	}
	var n uint64
	if err := v.Get(&n); err != nil {
		return 0, fmt.Errorf("read %s: %w", DroppedVar, err)
	}
	return n, nil
}
