// Package reader reads the "events" ring buffer of bpf/connect.go as
// event.ConnectEvent values (the read loop is trace's).
package reader

import (
	"github.com/cilium/ebpf"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/tracepoint-connect/internal/event"
)

// New opens a reader on the ring buffer m.
func New(m *ebpf.Map) (trace.Reader[event.ConnectEvent], error) {
	return trace.NewRingReader(m, event.Decode)
}
