// Package event decodes the records that bpf/sched.go writes into the
// "events" perf event array.
package event

import (
	"fmt"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// Size is the length of one record; it must match execEvent in bpf/sched.go:
// Pid i32 @0, Tgid i32 @4, Comm [16]byte @8.
const Size = 24

// Exec is one successful execve, seen in the task after the exec.
type Exec struct {
	Pid  int32  `json:"pid"`
	Tgid int32  `json:"tgid"`
	Comm string `json:"comm"`
}

// execEvent mirrors execEvent in bpf/sched.go.
type execEvent struct {
	Pid  int32
	Tgid int32
	Comm [16]byte // NUL-terminated unless the name fills all 16 bytes
}

// Decode parses a little-endian record (see trace.DecodeRecord).
func Decode(b []byte) (Exec, error) {
	var raw execEvent
	if err := trace.DecodeRecord(b, &raw); err != nil {
		return Exec{}, err
	}
	return Exec{Pid: raw.Pid, Tgid: raw.Tgid, Comm: trace.CString(raw.Comm[:])}, nil
}

// Text is the event's part of the tracer's line (trace.Stamped adds the
// time): "pid=N tgid=N comm=NAME".
func (e Exec) Text() string { return fmt.Sprintf("pid=%d tgid=%d comm=%s", e.Pid, e.Tgid, e.Comm) }
