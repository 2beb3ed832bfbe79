// Package event decodes the records that bpf/openat.go writes into the
// "events" ring buffer.
package event

import (
	"fmt"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// Size is the length of one record; it must match openEvent in bpf/openat.go:
// PID u32 @0, TID u32 @4, Flags i64 @8, Filename [128]byte @16.
const Size = 144

// OpenEvent is one openat(2) call seen by the tracepoint.
type OpenEvent struct {
	PID      uint32 `json:"pid"`
	TID      uint32 `json:"tid"`
	Flags    int64  `json:"flags"`
	Filename string `json:"filename"`
}

// openEvent mirrors openEvent in bpf/openat.go.
type openEvent struct {
	PID      uint32
	TID      uint32
	Flags    int64
	Filename [128]byte
}

// Decode parses a little-endian record (see trace.DecodeRecord).
func Decode(b []byte) (OpenEvent, error) {
	var raw openEvent
	if err := trace.DecodeRecord(b, &raw); err != nil {
		return OpenEvent{}, err
	}
	return OpenEvent{PID: raw.PID, TID: raw.TID, Flags: raw.Flags, Filename: trace.CString(raw.Filename[:])}, nil
}

// Text is the event's part of the tracer's line (trace.Stamped adds the
// time): "pid=N tid=N flags=0xN file=PATH".
func (e OpenEvent) Text() string {
	return fmt.Sprintf("pid=%d tid=%d flags=%#x file=%s", e.PID, e.TID, e.Flags, e.Filename)
}
