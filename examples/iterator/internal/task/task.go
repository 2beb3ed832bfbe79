// Package task decodes the records that bpf/tasks.go writes to the iterator's
// seq_file, one per task.
package task

import (
	"fmt"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// Size is the length of one record; it must match taskRecord in bpf/tasks.go:
// Tgid i32 @0, Tid i32 @4, Ppid i32 @8, padding @12, Comm [16]byte @16.
const Size = 32

// Task is one task (thread) the iterator saw.
type Task struct {
	Tgid int32  `json:"tgid"` // process id
	Tid  int32  `json:"tid"`  // thread id
	Ppid int32  `json:"ppid"` // parent process id
	Comm string `json:"comm"`
}

// taskRecord mirrors taskRecord in bpf/tasks.go.
type taskRecord struct {
	Tgid int32
	Tid  int32
	Ppid int32
	_    int32
	Comm [16]byte
}

// Decode splits what a read of the iterator returned into records: its
// length must be a multiple of Size.
func Decode(b []byte) ([]Task, error) {
	if len(b)%Size != 0 {
		return nil, fmt.Errorf("read %d bytes from the iterator, not a multiple of the %d-byte record", len(b), Size)
	}
	tasks := make([]Task, 0, len(b)/Size)
	for off := 0; off < len(b); off += Size {
		var raw taskRecord
		if err := trace.DecodeRecord(b[off:off+Size], &raw); err != nil {
			return nil, err
		}
		tasks = append(tasks, Task{Tgid: raw.Tgid, Tid: raw.Tid, Ppid: raw.Ppid, Comm: trace.CString(raw.Comm[:])})
	}
	return tasks, nil
}

// Heading is the text output's first line; Text the columns under it.
const Heading = "   TGID     TID    PPID COMM"

// Text is the task's line of the text output, under Heading.
func (t Task) Text() string {
	return fmt.Sprintf("%7d %7d %7d %s", t.Tgid, t.Tid, t.Ppid, t.Comm)
}
