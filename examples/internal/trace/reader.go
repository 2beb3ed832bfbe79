package trace

import (
	"errors"
	"fmt"
	"os"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/perf"
	"github.com/cilium/ebpf/ringbuf"
)

// Handlers receive what a Reader reads.
type Handlers[T any] struct {
	// Event gets each decoded event; returning false stops Run.
	Event func(T) bool
	// DecodeError gets a record that does not decode; the next record is
	// read after it: one bad record should not end a trace, and none is
	// dropped silently.
	DecodeError func(error)
	// Lost is told how many samples the kernel dropped on a CPU since that
	// CPU's last record: a full perf buffer. Perf readers only (a ring
	// buffer program counts its losses, see Tracer.Dropped).
	Lost func(cpu int, samples uint64)
}

// Reader reads records of one event type T from an events map.
type Reader[T any] interface {
	// Run blocks, passing what it reads to h, until h.Event returns false or
	// the reader is closed (both return nil).
	Run(h Handlers[T]) error
	// Close makes a blocked Run return nil. It is safe to call more than
	// once and from another goroutine.
	Close() error
	// Flush makes Run read what the buffers hold now, then return nil:
	// called once the programs are detached, so that nothing they sent is
	// left unread.
	Flush() error
}

// NewRingReader opens a reader on the ring buffer m whose records decode decodes.
func NewRingReader[T any](m *ebpf.Map, decode func([]byte) (T, error)) (Reader[T], error) {
	rd, err := ringbuf.NewReader(m)
	if err != nil {
		return nil, fmt.Errorf("open ring buffer: %w", err)
	}
	var rec ringbuf.Record // reused: one allocation for the whole trace
	next := func() (record, error) {
		err := rd.ReadInto(&rec)
		return record{sample: rec.RawSample, cpu: -1}, wrapReadError("ring buffer", err)
	}
	return &reader[T]{next: next, close: rd.Close, flush: rd.Flush, decode: decode}, nil
}

// NewPerfReader opens a reader on the perf event array m with a buffer of
// pages pages for each CPU; decode decodes its records.
func NewPerfReader[T any](m *ebpf.Map, pages int, decode func([]byte) (T, error)) (Reader[T], error) {
	rd, err := perf.NewReader(m, pages*os.Getpagesize())
	if err != nil {
		return nil, fmt.Errorf("open perf buffers: %w", err)
	}
	var rec perf.Record // reused: one allocation for the whole trace
	next := func() (record, error) {
		err := rd.ReadInto(&rec)
		return record{sample: rec.RawSample, cpu: rec.CPU, lost: rec.LostSamples}, wrapReadError("perf buffer", err)
	}
	return &reader[T]{next: next, close: rd.Close, flush: rd.Flush, decode: decode}, nil
}

// record is what a reader's next read: a sample and the CPU it came from
// (-1: unknown), or the number of samples a CPU lost.
type record struct {
	sample []byte
	cpu    int
	lost   uint64
}

// wrapReadError names what failed to read; a closed reader's error
// (os.ErrClosed for both kinds) stays recognisable.
func wrapReadError(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("read %s: %w", what, err)
}

type reader[T any] struct {
	next   func() (record, error)
	close  func() error
	flush  func() error
	decode func([]byte) (T, error)
}

func (r *reader[T]) Run(h Handlers[T]) error {
	for {
		rec, err := r.next()
		// Both readers' ErrFlushed is epoll's.
		if errors.Is(err, os.ErrClosed) || errors.Is(err, ringbuf.ErrFlushed) {
			return nil
		}
		if err != nil {
			return err
		}
		if rec.lost > 0 {
			h.Lost(rec.cpu, rec.lost)
			continue
		}
		ev, err := r.decode(rec.sample)
		if err != nil {
			if rec.cpu >= 0 {
				err = fmt.Errorf("CPU %d: %w", rec.cpu, err)
			}
			h.DecodeError(err)
			continue
		}
		if !h.Event(ev) {
			return nil
		}
	}
}

func (r *reader[T]) Close() error { return r.close() }

func (r *reader[T]) Flush() error { return r.flush() }
