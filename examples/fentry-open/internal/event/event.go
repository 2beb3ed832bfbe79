// Package event decodes the records that bpf/open.go writes into the
// "events" ring buffer.
package event

import (
	"encoding/binary"
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

// Decode parses a little-endian record. Records shorter than Size are an
// error: reading past them would invent data. Trailing bytes are ignored.
func Decode(b []byte) (OpenEvent, error) {
	if len(b) < Size {
		return OpenEvent{}, fmt.Errorf("event: record is %d bytes, want %d", len(b), Size)
	}
	return OpenEvent{
		PID:      binary.LittleEndian.Uint32(b[0:4]),
		Filename: trace.CString(b[4:Size]),
	}, nil
}

// Text is the event's part of the tracer's line (trace.Stamped adds the
// time): "pid=N file=PATH".
func (e OpenEvent) Text() string { return fmt.Sprintf("pid=%d file=%s", e.PID, e.Filename) }
