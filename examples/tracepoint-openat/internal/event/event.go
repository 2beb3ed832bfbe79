// Package event decodes the records that bpf/openat.go writes into the
// "events" ring buffer.
package event

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"
)

// Size is the length of one record; it must match openEvent in bpf/openat.go:
// PID u32 @0, TID u32 @4, Flags i64 @8, Filename [128]byte @16.
const Size = 144

const filenameLen = 128

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
	name := b[16 : 16+filenameLen]
	// bpf_probe_read_user_str NUL-terminates; the bytes after the NUL are
	// whatever the program left there, so they are cut off.
	if i := bytes.IndexByte(name, 0); i >= 0 {
		name = name[:i]
	}
	return OpenEvent{
		PID:      binary.LittleEndian.Uint32(b[0:4]),
		TID:      binary.LittleEndian.Uint32(b[4:8]),
		Flags:    int64(binary.LittleEndian.Uint64(b[8:16])),
		Filename: string(name),
	}, nil
}

// Format renders the event as the tracer's text line, stamped with t:
// "<RFC3339 UTC> pid=N tid=N flags=0xN file=PATH".
func (e OpenEvent) Format(t time.Time) string {
	return Record{Time: t, OpenEvent: e}.String()
}

// Record is an event stamped with the time the tracer received it
// (the BPF program sends no timestamp).
type Record struct {
	Time time.Time `json:"time"`
	OpenEvent
}

func (r Record) String() string {
	return fmt.Sprintf("%s pid=%d tid=%d flags=%#x file=%s",
		r.Time.UTC().Format(time.RFC3339), r.PID, r.TID, r.Flags, r.Filename)
}

// MarshalJSON emits a flat object whose time is in UTC, like the text line:
// {"time":"...Z","pid":N,"tid":N,"flags":N,"filename":"..."}.
func (r Record) MarshalJSON() ([]byte, error) {
	type plain Record // same fields without this method, so no recursion
	return json.Marshal(plain{Time: r.Time.UTC(), OpenEvent: r.OpenEvent})
}
