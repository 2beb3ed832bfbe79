// Package event decodes the records that bpf/openat.go writes into the
// "events" ring buffer.
package event

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/ringtrace"
)

// Size is the length of one record; it must match openEvent in bpf/openat.go:
// PID u32 @0, UID u32 @4, Flags u64 @8, Comm [16]byte @16, Filename [256]byte @32.
const Size = 288

// OpenEvent is one call of do_sys_openat2 seen by the kprobe.
type OpenEvent struct {
	PID      uint32 `json:"pid"`
	UID      uint32 `json:"uid"`
	Flags    uint64 `json:"flags"` // open_how.flags: the open(2) flags, O_LARGEFILE added by the kernel on 64-bit
	Comm     string `json:"comm"`
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
		UID:      binary.LittleEndian.Uint32(b[4:8]),
		Flags:    binary.LittleEndian.Uint64(b[8:16]),
		Comm:     ringtrace.CString(b[16:32]),
		Filename: ringtrace.CString(b[32:Size]),
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

// String is the tracer's text line:
// "<RFC3339 UTC> pid=N uid=N flags=0xN comm=NAME file=PATH".
func (r Record) String() string {
	return fmt.Sprintf("%s pid=%d uid=%d flags=%#x comm=%s file=%s",
		r.Time.UTC().Format(time.RFC3339), r.PID, r.UID, r.Flags, r.Comm, r.Filename)
}

// MarshalJSON emits a flat object whose time is in UTC, like the text line.
func (r Record) MarshalJSON() ([]byte, error) {
	type plain Record // same fields without this method, so no recursion
	return json.Marshal(plain{Time: r.Time.UTC(), OpenEvent: r.OpenEvent})
}
