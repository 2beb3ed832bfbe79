// Package event decodes the records that bpf/openat.go writes into the
// "events" ring buffer.
package event

import (
	"encoding/binary"
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
		Comm:     trace.CString(b[16:32]),
		Filename: trace.CString(b[32:Size]),
	}, nil
}

// Text is the event's part of the tracer's line (trace.Stamped adds the
// time): "pid=N uid=N flags=0xN comm=NAME file=PATH".
func (e OpenEvent) Text() string {
	return fmt.Sprintf("pid=%d uid=%d flags=%#x comm=%s file=%s", e.PID, e.UID, e.Flags, e.Comm, e.Filename)
}
