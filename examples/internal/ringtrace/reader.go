package ringtrace

import (
	"errors"
	"fmt"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/ringbuf"
)

// Reader reads records of one event type T from a ring buffer map.
type Reader[T any] struct {
	rd     *ringbuf.Reader
	decode func([]byte) (T, error)
}

// NewReader opens a reader on the ring buffer m whose records decode decodes.
func NewReader[T any](m *ebpf.Map, decode func([]byte) (T, error)) (*Reader[T], error) {
	rd, err := ringbuf.NewReader(m)
	if err != nil {
		return nil, fmt.Errorf("open ring buffer: %w", err)
	}
	return &Reader[T]{rd: rd, decode: decode}, nil
}

// Run blocks, decoding each record and passing it to onEvent, until onEvent
// returns false or the reader is closed (both return nil). A record that does
// not decode goes to onErr, and the loop goes on: one bad record should not
// end a trace, and none is dropped silently.
func (r *Reader[T]) Run(onEvent func(T) bool, onErr func(error)) error {
	var rec ringbuf.Record // reused: one allocation for the whole loop
	for {
		if err := r.rd.ReadInto(&rec); err != nil {
			if errors.Is(err, ringbuf.ErrClosed) {
				return nil
			}
			return fmt.Errorf("read ring buffer: %w", err)
		}
		ev, err := r.decode(rec.RawSample)
		if err != nil {
			onErr(err)
			continue
		}
		if !onEvent(ev) {
			return nil
		}
	}
}

// Close makes a blocked Run return nil. It is safe to call more than once and
// from another goroutine.
func (r *Reader[T]) Close() error { return r.rd.Close() }
