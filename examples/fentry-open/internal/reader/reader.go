// Package reader reads the "events" ring buffer of bpf/open.go as
// event.OpenEvent values (the read loop is ringtrace.Reader's).
package reader

import (
	"github.com/cilium/ebpf"

	"github.com/tinybpf/tinybpf/examples/fentry-open/internal/event"
	"github.com/tinybpf/tinybpf/examples/internal/ringtrace"
)

// New opens a reader on the ring buffer m.
func New(m *ebpf.Map) (*ringtrace.Reader[event.OpenEvent], error) {
	return ringtrace.NewReader(m, event.Decode)
}
