// Package reader turns the "events" perf event array into decoded events,
// counting the samples the kernel dropped because a CPU's buffer was full.
package reader

import (
	"errors"
	"fmt"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/perf"

	"github.com/tinybpf/tinybpf/examples/rawtp-sched/internal/event"
)

// Handlers receive what Run reads. Event returns false to stop Run.
type Handlers struct {
	Event func(event.Exec) bool
	// Lost is told how many samples the kernel dropped on a CPU since the
	// last record from it.
	Lost func(cpu int, samples uint64)
	// DecodeError gets a record that does not decode; the next record is
	// read after it.
	DecodeError func(error)
}

// Reader reads event records from a perf event array.
type Reader struct {
	rd *perf.Reader
}

// New opens a reader on the perf event array m with perCPUBytes of buffer
// for each CPU (rounded up to whole pages).
func New(m *ebpf.Map, perCPUBytes int) (*Reader, error) {
	rd, err := perf.NewReader(m, perCPUBytes)
	if err != nil {
		return nil, fmt.Errorf("open perf buffers: %w", err)
	}
	return &Reader{rd: rd}, nil
}

// Run blocks, passing each record to h, until h.Event returns false or the
// reader is closed (both return nil). All three handlers must be set.
func (r *Reader) Run(h Handlers) error {
	var rec perf.Record // reused: one allocation for the whole loop
	for {
		if err := r.rd.ReadInto(&rec); err != nil {
			if errors.Is(err, perf.ErrClosed) {
				return nil
			}
			return fmt.Errorf("read perf buffer: %w", err)
		}
		if rec.LostSamples > 0 {
			h.Lost(rec.CPU, rec.LostSamples)
			continue
		}
		ev, err := event.Decode(rec.RawSample)
		if err != nil {
			h.DecodeError(fmt.Errorf("CPU %d: %w", rec.CPU, err))
			continue
		}
		if !h.Event(ev) {
			return nil
		}
	}
}

// Close makes a blocked Run return nil. It is safe to call more than once
// and from another goroutine.
func (r *Reader) Close() error { return r.rd.Close() }
