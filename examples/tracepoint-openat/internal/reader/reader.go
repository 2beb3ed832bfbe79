// Package reader turns the "events" ring buffer into decoded events.
package reader

import (
	"errors"
	"fmt"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/ringbuf"

	"github.com/tinybpf/tinybpf/examples/tracepoint-openat/internal/event"
)

// Reader reads event records from a ring buffer map.
type Reader struct {
	rd *ringbuf.Reader
}

// New opens a reader on the ring buffer m.
func New(m *ebpf.Map) (*Reader, error) {
	rd, err := ringbuf.NewReader(m)
	if err != nil {
		return nil, fmt.Errorf("open ring buffer: %w", err)
	}
	return &Reader{rd: rd}, nil
}

// Run blocks, decoding each record and passing it to onEvent, until onEvent
// returns false or the reader is closed (both return nil). A record that
// does not decode goes to onErr; if onErr is nil, Run returns that error
// instead, so bad records are never dropped silently.
func (r *Reader) Run(onEvent func(event.OpenEvent) bool, onErr func(error)) error {
	var rec ringbuf.Record // reused: one allocation for the whole loop
	for {
		if err := r.rd.ReadInto(&rec); err != nil {
			if errors.Is(err, ringbuf.ErrClosed) {
				return nil
			}
			return fmt.Errorf("read ring buffer: %w", err)
		}
		ev, err := event.Decode(rec.RawSample)
		if err != nil {
			if onErr == nil {
				return err
			}
			onErr(err)
			continue
		}
		if !onEvent(ev) {
			return nil
		}
	}
}

// Close makes a blocked Run return nil. It is safe to call more than once
// and from another goroutine.
func (r *Reader) Close() error { return r.rd.Close() }
