// Package reader reads the "events" ring buffer of bpf/openat.go as
// event.OpenEvent values (the read loop is trace's).
package reader

import (
	"github.com/cilium/ebpf"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/tracepoint-openat/internal/event"
)

// New opens a reader on the ring buffer m.
func New(m *ebpf.Map) (trace.Reader[event.OpenEvent], error) {
	return trace.NewRingReader(m, event.Decode)
}
