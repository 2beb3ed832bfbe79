// Package reader reads the "events" ring buffer of bpf/deny.go as
// event.Denied values (the read loop is trace's).
package reader

import (
	"github.com/cilium/ebpf"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/lsm-file-open/internal/event"
)

// New returns a function that opens a reader on the ring buffer m; paths
// name the rules (paths[0] is rule 1).
func New(paths []string) func(m *ebpf.Map) (trace.Reader[event.Denied], error) {
	return func(m *ebpf.Map) (trace.Reader[event.Denied], error) {
		return trace.NewRingReader(m, event.Decoder(paths))
	}
}
