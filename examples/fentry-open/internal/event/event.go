// Package event decodes the records that bpf/open.go writes into the
// "events" ring buffer.
package event

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/ringtrace"
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
		Filename: ringtrace.CString(b[4:Size]),
	}, nil
}

// Record is an event stamped with the time the tracer received it (the BPF
// program sends no timestamp).
type Record struct {
	Time time.Time `json:"time"`
	OpenEvent
}

// Stamp pairs ev with t.
func Stamp(ev OpenEvent, t time.Time) fmt.Stringer { return Record{Time: t, OpenEvent: ev} }

// String is the tracer's text line: "<RFC3339 UTC> pid=N file=PATH".
func (r Record) String() string {
	return fmt.Sprintf("%s pid=%d file=%s", r.Time.UTC().Format(time.RFC3339), r.PID, r.Filename)
}

// MarshalJSON emits a flat object whose time is in UTC, like the text line.
func (r Record) MarshalJSON() ([]byte, error) {
	type plain Record // same fields without this method, so no recursion
	return json.Marshal(plain{Time: r.Time.UTC(), OpenEvent: r.OpenEvent})
}
