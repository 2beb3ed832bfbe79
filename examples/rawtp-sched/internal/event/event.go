// Package event decodes the records that bpf/sched.go writes into the
// "events" perf event array.
package event

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"
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
	comm := b[8:Size]
	// The kernel NUL-terminates comm unless it fills all 16 bytes.
	if i := bytes.IndexByte(comm, 0); i >= 0 {
		comm = comm[:i]
	}
	return Exec{
		Pid:  int32(binary.LittleEndian.Uint32(b[0:4])),
		Tgid: int32(binary.LittleEndian.Uint32(b[4:8])),
		Comm: string(comm),
	}, nil
}

// Record is an event stamped with the time the tracer received it
// (the BPF program sends no timestamp).
type Record struct {
	Time time.Time `json:"time"`
	Exec
}

// String is the tracer's text line: "<RFC3339 UTC> pid=N tgid=N comm=NAME".
func (r Record) String() string {
	return fmt.Sprintf("%s pid=%d tgid=%d comm=%s",
		r.Time.UTC().Format(time.RFC3339), r.Pid, r.Tgid, r.Comm)
}

// MarshalJSON emits a flat object whose time is in UTC, like the text line:
// {"time":"...Z","pid":N,"tgid":N,"comm":"..."}.
func (r Record) MarshalJSON() ([]byte, error) {
	type plain Record // same fields without this method, so no recursion
	return json.Marshal(plain{Time: r.Time.UTC(), Exec: r.Exec})
}
