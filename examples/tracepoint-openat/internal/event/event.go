// Package event decodes the records that bpf/openat.go writes into the
// "events" ring buffer.
package event

import (
	"encoding/binary"
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

// Decode parses a little-endian record. Records shorter than Size are an
// error: reading past them would invent data. Trailing bytes are ignored.
func Decode(b []byte) (OpenEvent, error) {
	if len(b) < Size {
		return OpenEvent{}, fmt.Errorf("event: record is %d bytes, want %d", len(b), Size)
	}
	return OpenEvent{
		PID:      binary.LittleEndian.Uint32(b[0:4]),
		TID:      binary.LittleEndian.Uint32(b[4:8]),
		Flags:    int64(binary.LittleEndian.Uint64(b[8:16])),
		Filename: trace.CString(b[16:Size]),
	}, nil
}

// Text is the event's part of the tracer's line (trace.Stamped adds the
// time): "pid=N tid=N flags=0xN file=PATH".
func (e OpenEvent) Text() string {
	return fmt.Sprintf("pid=%d tid=%d flags=%#x file=%s", e.PID, e.TID, e.Flags, e.Filename)
}
