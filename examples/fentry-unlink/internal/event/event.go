// Package event decodes the records that bpf/unlink.go writes into the
// "events" ring buffer.
package event

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/ringtrace"
)

// Size is the length of one record; it must match unlinkEvent in
// bpf/unlink.go: Kind u32 @0, PID u32 @4, Ret i64 @8, Filename [128]byte @16.
const Size = 144

// Kind tells entry from exit.
type Kind uint32

const (
	Entry Kind = 0 // fentry: do_unlinkat was called
	Exit  Kind = 1 // fexit: it returned Ret
)

func (k Kind) String() string {
	switch k {
	case Entry:
		return "fentry"
	case Exit:
		return "fexit"
	}
	return fmt.Sprintf("kind%d", uint32(k))
}

// MarshalText makes the JSON field read "fentry" or "fexit".
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnlinkEvent is one entry into or exit from do_unlinkat.
type UnlinkEvent struct {
	Kind     Kind   `json:"kind"`
	PID      uint32 `json:"pid"`
	Ret      int64  `json:"ret"` // return value: 0 or a negative errno (Exit only)
	Filename string `json:"filename"`
}

// Decode parses a little-endian record. Records shorter than Size, and kinds
// the program does not send, are errors. Trailing bytes are ignored.
func Decode(b []byte) (UnlinkEvent, error) {
	if len(b) < Size {
		return UnlinkEvent{}, fmt.Errorf("event: record is %d bytes, want %d", len(b), Size)
	}
	ev := UnlinkEvent{
		Kind:     Kind(binary.LittleEndian.Uint32(b[0:4])),
		PID:      binary.LittleEndian.Uint32(b[4:8]),
		Ret:      int64(binary.LittleEndian.Uint64(b[8:16])),
		Filename: ringtrace.CString(b[16:Size]),
	}
	if ev.Kind != Entry && ev.Kind != Exit {
		return UnlinkEvent{}, fmt.Errorf("event: unknown kind %d", uint32(ev.Kind))
	}
	return ev, nil
}

// Record is an event stamped with the time the tracer received it (the BPF
// program sends no timestamp).
type Record struct {
	Time time.Time `json:"time"`
	UnlinkEvent
}

// Stamp pairs ev with t.
func Stamp(ev UnlinkEvent, t time.Time) fmt.Stringer { return Record{Time: t, UnlinkEvent: ev} }

// String is the tracer's text line, "<RFC3339 UTC> fentry pid=N file=PATH"
// or "<RFC3339 UTC> fexit pid=N file=PATH ret=N".
func (r Record) String() string {
	line := fmt.Sprintf("%s %s pid=%d file=%s", r.Time.UTC().Format(time.RFC3339), r.Kind, r.PID, r.Filename)
	if r.Kind == Exit {
		line += fmt.Sprintf(" ret=%d", r.Ret)
	}
	return line
}

// MarshalJSON emits a flat object whose time is in UTC, like the text line.
func (r Record) MarshalJSON() ([]byte, error) {
	type plain Record // same fields without this method, so no recursion
	return json.Marshal(plain{Time: r.Time.UTC(), UnlinkEvent: r.UnlinkEvent})
}
