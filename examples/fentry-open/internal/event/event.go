// Package event decodes the records that bpf/open.go writes into the
// "events" ring buffer.
package event

import (
	"fmt"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// Size is the length of one record; it must match openEvent in bpf/open.go:
// PID u32 @0, Filename [256]byte @4.
const Size = 260

// OpenEvent is one call of do_sys_openat2 seen by the fentry program.
type OpenEvent struct {
	PID      uint32 `json:"pid"`
	Filename string `json:"filename"`
}

// openEvent mirrors openEvent in bpf/open.go.
type openEvent struct {
	PID      uint32
	Filename [256]byte
}

// Decode parses a little-endian record (see trace.DecodeRecord).
func Decode(b []byte) (OpenEvent, error) {
	var raw openEvent
	if err := trace.DecodeRecord(b, &raw); err != nil {
		return OpenEvent{}, err
	}
	return OpenEvent{PID: raw.PID, Filename: trace.CString(raw.Filename[:])}, nil
}

// Text is the event's part of the tracer's line (trace.Stamped adds the
// time): "pid=N file=PATH".
func (e OpenEvent) Text() string { return fmt.Sprintf("pid=%d file=%s", e.PID, e.Filename) }
