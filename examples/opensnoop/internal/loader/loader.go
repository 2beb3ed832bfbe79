// Package loader loads opensnoop's BPF object with its filters set, and
// attaches its programs to the open and openat syscall tracepoints.
package loader

import (
	"errors"
	"io/fs"
	"math"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

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

// Load loads the BPF object at path with the filters f and attaches it.
// skipped names the tracepoints this kernel does not have.
func Load(path string, f Filters) (tr *trace.Tracer, skipped []string, err error) {
	want := trace.Object{
		Programs: map[string]trace.Program{},
		Events:   ebpf.PerfEventArray,
		Constants: map[string]any{
			"targTgid": f.TGID, "targPid": f.PID, "targUid": f.UID, "targFailed": f.FailedOnly,
		},
		AttachTo: "tracepoints syscalls/sys_{enter,exit}_open{at,}",
	}
	for _, tp := range tracepoints {
		want.Programs[tp.program] = trace.Program{Type: ebpf.TracePoint, Attach: func(p *ebpf.Program) (link.Link, error) {
			l, err := link.Tracepoint("syscalls", tp.event, p, nil)
			if tp.optional && errors.Is(err, fs.ErrNotExist) {
				skipped = append(skipped, tp.event)
				return nil, nil
			}
			return l, err
		}}
	}
	tr, err = trace.Load(path, want)
	return tr, skipped, err
}
