// Package event decodes the records that bpf/unlink.go writes into the
// "events" ring buffer.
package event

import (
	"fmt"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
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

// unlinkEvent mirrors unlinkEvent in bpf/unlink.go.
type unlinkEvent struct {
	Kind     uint32
	PID      uint32
	Ret      int64
	Filename [128]byte
}

// Decode parses a little-endian record (see trace.DecodeRecord). Kinds the
// program does not send are an error.
func Decode(b []byte) (UnlinkEvent, error) {
	var raw unlinkEvent
	if err := trace.DecodeRecord(b, &raw); err != nil {
		return UnlinkEvent{}, err
	}
	if k := Kind(raw.Kind); k != Entry && k != Exit {
		return UnlinkEvent{}, fmt.Errorf("event: unknown kind %d", raw.Kind)
	}
	return UnlinkEvent{Kind: Kind(raw.Kind), PID: raw.PID, Ret: raw.Ret, Filename: trace.CString(raw.Filename[:])}, nil
}

// Text is the event's part of the tracer's line (trace.Stamped adds the
// time): "fentry pid=N file=PATH" or "fexit pid=N file=PATH ret=N".
func (e UnlinkEvent) Text() string {
	text := fmt.Sprintf("%s pid=%d file=%s", e.Kind, e.PID, e.Filename)
	if e.Kind == Exit {
		text += fmt.Sprintf(" ret=%d", e.Ret)
	}
	return text
}
