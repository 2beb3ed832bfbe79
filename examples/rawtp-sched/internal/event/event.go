// Package event decodes the records that bpf/sched.go writes into the
// "events" perf event array.
package event

import (
	"encoding/binary"
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

// Decode parses a little-endian record. A perf sample may carry padding after
// the record, which is ignored; a shorter one is an error, because reading
// past it would invent data.
func Decode(b []byte) (Exec, error) {
	if len(b) < Size {
		return Exec{}, fmt.Errorf("event: record is %d bytes, want %d", len(b), Size)
	}
	return Exec{
		Pid:  int32(binary.LittleEndian.Uint32(b[0:4])),
		Tgid: int32(binary.LittleEndian.Uint32(b[4:8])),
		Comm: trace.CString(b[8:Size]), // the kernel NUL-terminates comm unless it fills all 16 bytes
	}, nil
}

// Text is the event's part of the tracer's line (trace.Stamped adds the
// time): "pid=N tgid=N comm=NAME".
func (e Exec) Text() string { return fmt.Sprintf("pid=%d tgid=%d comm=%s", e.Pid, e.Tgid, e.Comm) }
