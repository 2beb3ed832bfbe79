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
}

// NewRingReader opens a reader on the ring buffer m whose records decode decodes.
func NewRingReader[T any](m *ebpf.Map, decode func([]byte) (T, error)) (Reader[T], error) {
	rd, err := ringbuf.NewReader(m)
	if err != nil {
		return nil, fmt.Errorf("open ring buffer: %w", err)
	}
	return &reader[T]{src: &ringSource{rd: rd}, decode: decode}, nil
}

// NewPerfReader opens a reader on the perf event array m with a buffer of
// pages pages for each CPU; decode decodes its records.
func NewPerfReader[T any](m *ebpf.Map, pages int, decode func([]byte) (T, error)) (Reader[T], error) {
	rd, err := perf.NewReader(m, pages*os.Getpagesize())
	if err != nil {
		return nil, fmt.Errorf("open perf buffers: %w", err)
	}
	return &reader[T]{src: &perfSource{rd: rd}, decode: decode}, nil
}

// source is a ring buffer or the perf buffers of a perf event array.
type source interface {
	// next reads the next record: its sample and the CPU it came from (-1:
	// unknown), or the number of samples a CPU lost. It returns errClosed
	// once the source is closed.
	next() (sample []byte, cpu int, lost uint64, err error)
	Close() error
}

var errClosed = errors.New("reader closed")

type reader[T any] struct {
	src    source
	decode func([]byte) (T, error)
}

func (r *reader[T]) Run(h Handlers[T]) error {
	for {
		sample, cpu, lost, err := r.src.next()
		if errors.Is(err, errClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		if lost > 0 {
			h.Lost(cpu, lost)
			continue
		}
		ev, err := r.decode(sample)
		if err != nil {
			if cpu >= 0 {
				err = fmt.Errorf("CPU %d: %w", cpu, err)
			}
			h.DecodeError(err)
			continue
		}
		if !h.Event(ev) {
			return nil
		}
	}
}

func (r *reader[T]) Close() error { return r.src.Close() }

type ringSource struct {
	rd  *ringbuf.Reader
	rec ringbuf.Record // reused: one allocation for the whole trace
}

func (s *ringSource) next() ([]byte, int, uint64, error) {
	if err := s.rd.ReadInto(&s.rec); err != nil {
		if errors.Is(err, ringbuf.ErrClosed) {
			return nil, 0, 0, errClosed
		}
		return nil, 0, 0, fmt.Errorf("read ring buffer: %w", err)
	}
	return s.rec.RawSample, -1, 0, nil
}

func (s *ringSource) Close() error { return s.rd.Close() }

type perfSource struct {
	rd  *perf.Reader
	rec perf.Record // reused: one allocation for the whole trace
}

func (s *perfSource) next() ([]byte, int, uint64, error) {
	if err := s.rd.ReadInto(&s.rec); err != nil {
		if errors.Is(err, perf.ErrClosed) {
			return nil, 0, 0, errClosed
		}
		return nil, 0, 0, fmt.Errorf("read perf buffer: %w", err)
	}
	return s.rec.RawSample, s.rec.CPU, s.rec.LostSamples, nil
}

func (s *perfSource) Close() error { return s.rd.Close() }
