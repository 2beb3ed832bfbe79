// Package reader reads the "events" perf event array of bpf/opensnoop.go as
// event.Open values (the read loop and lost-sample reports are trace's).
package reader

import (
	"github.com/cilium/ebpf"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/opensnoop/internal/event"
)

// perfBufferPages is each CPU's perf buffer, as in libbpf-tools.
const perfBufferPages = 16

// New opens a reader on the perf event array m.
func New(m *ebpf.Map) (trace.Reader[event.Open], error) {
	return trace.NewPerfReader(m, perfBufferPages, event.Decode)
}
