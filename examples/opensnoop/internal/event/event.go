// Package event decodes the records that bpf/opensnoop.go writes into the
// "events" perf event array, and renders them as libbpf-tools' opensnoop does.
package event

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"
)

// Size is the length of one record; it must match openEvent in
// bpf/opensnoop.go: Pid u32 @0, Uid u32 @4, Ret i32 @8, Flags i32 @12,
// Comm [16]byte @16, Fname [255]byte @32, one byte of padding.
const Size = 288

const (
	commOffset  = 16
	fnameOffset = 32
	fnameLen    = 255
)

// Open is one open(2) or openat(2) call, seen at its return.
type Open struct {
	Pid   uint32 // process (tgid)
	Uid   uint32
	Ret   int32 // the new fd, or -errno
	Flags int32 // the call's flags argument
	Comm  string
	Path  string // as the caller passed it, cut to 254 bytes
}

// Decode parses a little-endian record. A perf sample may carry padding after
// the record, which is ignored; a shorter one is an error, because reading
// past it would invent data.
func Decode(b []byte) (Open, error) {
	if len(b) < Size {
		return Open{}, fmt.Errorf("event: record is %d bytes, want %d", len(b), Size)
	}
	return Open{
		Pid:   binary.LittleEndian.Uint32(b[0:4]),
		Uid:   binary.LittleEndian.Uint32(b[4:8]),
		Ret:   int32(binary.LittleEndian.Uint32(b[8:12])),
		Flags: int32(binary.LittleEndian.Uint32(b[12:16])),
		Comm:  cString(b[commOffset:fnameOffset]),
		Path:  cString(b[fnameOffset : fnameOffset+fnameLen]),
	}, nil
}

// cString is b up to its first NUL; the bytes after it are whatever the
// program left there.
func cString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
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

// Row is the event as a line under Header: "%-6d %-16s %3d %3d %s".
func (e Open) Row() string {
	return fmt.Sprintf("%-6d %-16s %3d %3d %s", e.Pid, e.Comm, e.FD(), e.Err(), e.Path)
}

// Record is an event stamped with the time the tracer received it, for
// --json (the BPF program sends no timestamp).
type Record struct {
	Time time.Time
	Open
}

// MarshalJSON emits the printed columns and the raw fields, time in UTC:
// {"time":"...Z","pid":N,"uid":N,"comm":"...","fd":N,"err":N,"flags":N,"path":"..."}.
func (r Record) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Time  time.Time `json:"time"`
		Pid   uint32    `json:"pid"`
		Uid   uint32    `json:"uid"`
		Comm  string    `json:"comm"`
		FD    int32     `json:"fd"`
		Err   int32     `json:"err"`
		Flags int32     `json:"flags"`
		Path  string    `json:"path"`
	}{r.Time.UTC(), r.Pid, r.Uid, r.Comm, r.FD(), r.Err(), r.Flags, r.Path})
}
