// Package reader reads the "events" perf event array of bpf/sched.go as
// event.Exec values (the read loop and lost-sample reports are trace's).
package reader

import (
	"github.com/cilium/ebpf"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/rawtp-sched/internal/event"
)

// New opens a reader on the perf event array m with pages pages of buffer
// for each CPU.
func New(m *ebpf.Map, pages int) (trace.Reader[event.Exec], error) {
	return trace.NewPerfReader(m, pages, event.Decode)
}
