// Package event is what the program in bpf/task.go says about a task: its
// query context (taskQuery) decoded, and the tracer's line for it.
package event

import (
	"fmt"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// Query mirrors taskQuery in bpf/task.go, the program's context: Pid in,
// the rest out (32 bytes: Pid @0, Tgid @4, Ppid @8, padding @12, Comm @16).
type Query struct {
	Pid  int32
	Tgid int32
	Ppid int32
	_    int32
	Comm [16]byte
}

// Task is one task the program found.
type Task struct {
	Pid  int32  `json:"pid"`  // the id asked for (a thread id)
	Tgid int32  `json:"tgid"` // its process
	Ppid int32  `json:"ppid"` // the process's parent
	Comm string `json:"comm"` // the thread's command name
}

// FromQuery is the task a query the program answered describes.
func FromQuery(q Query) Task {
	return Task{Pid: q.Pid, Tgid: q.Tgid, Ppid: q.Ppid, Comm: trace.CString(q.Comm[:])}
}

// Text is the tracer's line: "pid=N tgid=N ppid=N comm=NAME".
func (t Task) Text() string {
	return fmt.Sprintf("pid=%d tgid=%d ppid=%d comm=%s", t.Pid, t.Tgid, t.Ppid, t.Comm)
}
