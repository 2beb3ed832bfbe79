// Package loader loads opensnoop's BPF object with its filters set, and
// attaches its programs to the open and openat syscall tracepoints.
package loader

import (
	"errors"
	"fmt"
	"io/fs"
	"math"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
)

// MapName is the perf event array the programs write events into.
const MapName = "events"

// AnyUID is Filters.UID when no uid filter is wanted ((uid_t)-1, which no
// user has).
const AnyUID = math.MaxUint32

// Filters are the load-time settings in the object's .rodata. The zero
// value, with UID set to AnyUID, traces every open.
type Filters struct {
	TGID       uint32 // only this process (opensnoop -p); 0: any
	PID        uint32 // only this thread (opensnoop -t); 0: any
	UID        uint32 // only this user (opensnoop -u); AnyUID: any
	FailedOnly bool   // only failed opens (opensnoop -x)
}

// tracepoint is one program of bpf/opensnoop.go and where it attaches.
type tracepoint struct {
	program, event string
	optional       bool // open(2) is x86-only: arm64 and riscv64 have only openat
}

var tracepoints = []tracepoint{
	{"enter_openat", "sys_enter_openat", false},
	{"exit_openat", "sys_exit_openat", false},
	{"enter_open", "sys_enter_open", true},
	{"exit_open", "sys_exit_open", true},
}

// Tracer is a loaded and attached opensnoop.
type Tracer struct {
	coll  *ebpf.Collection
	links []link.Link
	// Skipped names the tracepoints this kernel does not have.
	Skipped []string
}

// Load loads the BPF object at path with the filters f and attaches it.
func Load(path string, f Filters) (*Tracer, error) {
	spec, err := ebpf.LoadCollectionSpec(path)
	if err != nil {
		return nil, fmt.Errorf("load object: %w", err) // err names the path
	}
	// Checked up front so a wrong object fails with its name, not deep in NewCollection.
	for _, tp := range tracepoints {
		if p := spec.Programs[tp.program]; p == nil || p.Type != ebpf.TracePoint {
			return nil, fmt.Errorf("%s: no tracepoint program %q", path, tp.program)
		}
	}
	if m := spec.Maps[MapName]; m == nil || m.Type != ebpf.PerfEventArray {
		return nil, fmt.Errorf("%s: no perf event array %q", path, MapName)
	}
	for name, value := range map[string]any{
		"targTgid": f.TGID, "targPid": f.PID, "targUid": f.UID, "targFailed": f.FailedOnly,
	} {
		v := spec.Variables[name]
		if v == nil || !v.Constant() {
			return nil, fmt.Errorf("%s: no .rodata variable %q", path, name)
		}
		if err := v.Set(value); err != nil {
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
	t := &Tracer{coll: coll}
	for _, tp := range tracepoints {
		l, err := link.Tracepoint("syscalls", tp.event, coll.Programs[tp.program], nil)
		if tp.optional && errors.Is(err, fs.ErrNotExist) {
			t.Skipped = append(t.Skipped, tp.event)
			continue
		}
		if err != nil {
			t.Close()
			return nil, fmt.Errorf("attach %s to syscalls/%s: %w", tp.program, tp.event, err)
		}
		t.links = append(t.links, l)
	}
	return t, nil
}

// Events is the perf event array the programs write event.Open records into.
func (t *Tracer) Events() *ebpf.Map { return t.coll.Maps[MapName] }

// Close detaches the programs, then frees the programs and maps.
func (t *Tracer) Close() error {
	var errs []error
	for _, l := range t.links {
		errs = append(errs, l.Close())
	}
	t.coll.Close()
	return errors.Join(errs...)
}
