// Package event decodes the records that bpf/opensnoop.go writes into the
// "events" perf event array, and renders them as libbpf-tools' opensnoop does.
package event

import (
	"encoding/json"
	"fmt"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// Size is the length of one record; it must match openEvent in
// bpf/opensnoop.go: Pid u32 @0, Uid u32 @4, Ret i32 @8, Flags i32 @12,
// Comm [16]byte @16, Fname [255]byte @32, one byte of padding.
const Size = 288

// Open is one open(2) or openat(2) call, seen at its return.
type Open struct {
	Pid   uint32 // process (tgid)
	Uid   uint32
	Ret   int32 // the new fd, or -errno
	Flags int32 // the call's flags argument
	Comm  string
	Path  string // as the caller passed it, cut to 254 bytes
}

// openEvent mirrors openEvent in bpf/opensnoop.go.
type openEvent struct {
	Pid   uint32
	Uid   uint32
	Ret   int32
	Flags int32
	Comm  [16]byte
	Fname [255]byte
	_     byte
}

// Decode parses a little-endian record (see trace.DecodeRecord).
func Decode(b []byte) (Open, error) {
	var raw openEvent
	if err := trace.DecodeRecord(b, &raw); err != nil {
		return Open{}, err
	}
	return Open{
		Pid:   raw.Pid,
		Uid:   raw.Uid,
		Ret:   raw.Ret,
		Flags: raw.Flags,
		Comm:  trace.CString(raw.Comm[:]),
		Path:  trace.CString(raw.Fname[:]),
	}, nil
}

// FD and Err are the columns opensnoop prints: the fd and 0 for a success,
// -1 and the errno for a failure.
func (e Open) FD() int32 {
	if e.Ret >= 0 {
		return e.Ret
	}
	return -1
}

func (e Open) Err() int32 {
	if e.Ret >= 0 {
		return 0
	}
	return -e.Ret
}

// Header is the line above the rows, as libbpf-tools' opensnoop prints it.
const Header = "PID    COMM              FD ERR PATH"

// Text is the event as a row under Header, as libbpf-tools' opensnoop
// prints it: "%-6d %-16s %3d %3d %s".
func (e Open) Text() string {
	return fmt.Sprintf("%-6d %-16s %3d %3d %s", e.Pid, e.Comm, e.FD(), e.Err(), e.Path)
}

// MarshalJSON emits the printed columns and the raw fields (trace.Stamped
// adds the time first):
// {"pid":N,"uid":N,"comm":"...","fd":N,"err":N,"flags":N,"path":"..."}.
func (e Open) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Pid   uint32 `json:"pid"`
		Uid   uint32 `json:"uid"`
		Comm  string `json:"comm"`
		FD    int32  `json:"fd"`
		Err   int32  `json:"err"`
		Flags int32  `json:"flags"`
		Path  string `json:"path"`
	}{e.Pid, e.Uid, e.Comm, e.FD(), e.Err(), e.Flags, e.Path})
}
