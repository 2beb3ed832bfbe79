// Package event decodes the records that bpf/openat.go writes into the
// "events" ring buffer.
package event

import (
	"fmt"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
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

// openEvent mirrors openEvent in bpf/openat.go.
type openEvent struct {
	PID      uint32
	UID      uint32
	Flags    uint64
	Comm     [16]byte
	Filename [256]byte
}

// Decode parses a little-endian record (see trace.DecodeRecord).
func Decode(b []byte) (OpenEvent, error) {
	var raw openEvent
	if err := trace.DecodeRecord(b, &raw); err != nil {
		return OpenEvent{}, err
	}
	return OpenEvent{
		PID:      raw.PID,
		UID:      raw.UID,
		Flags:    raw.Flags,
		Comm:     trace.CString(raw.Comm[:]),
		Filename: trace.CString(raw.Filename[:]),
	}, nil
}

// Text is the event's part of the tracer's line (trace.Stamped adds the
// time): "pid=N uid=N flags=0xN comm=NAME file=PATH".
func (e OpenEvent) Text() string {
	return fmt.Sprintf("pid=%d uid=%d flags=%#x comm=%s file=%s", e.PID, e.UID, e.Flags, e.Comm, e.Filename)
}
