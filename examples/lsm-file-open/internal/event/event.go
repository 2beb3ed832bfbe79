// Package event decodes the records that bpf/deny.go writes into the
// "events" ring buffer: one per open it refused.
package event

import (
	"fmt"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// Size is the length of one record; it must match denyEvent in bpf/deny.go:
// Pid u32 @0, Rule u32 @4, Comm [16]byte @8.
const Size = 24

// Denied is one open the program refused with EPERM.
type Denied struct {
	PID  uint32 `json:"pid"`
	Comm string `json:"comm"`
	Rule uint32 `json:"-"`    // the -deny flag that matched, from 1
	Path string `json:"path"` // that flag's path (Decoder fills it in)
}

// denyEvent mirrors denyEvent in bpf/deny.go.
type denyEvent struct {
	Pid  uint32
	Rule uint32
	Comm [16]byte
}

// Decoder decodes records, naming the path of each record's rule: paths[0]
// is rule 1's.
func Decoder(paths []string) func([]byte) (Denied, error) {
	return func(b []byte) (Denied, error) {
		var raw denyEvent
		if err := trace.DecodeRecord(b, &raw); err != nil {
			return Denied{}, err
		}
		if raw.Rule < 1 || int(raw.Rule) > len(paths) {
			return Denied{}, fmt.Errorf("rule %d: there are %d", raw.Rule, len(paths))
		}
		return Denied{PID: raw.Pid, Comm: trace.CString(raw.Comm[:]), Rule: raw.Rule, Path: paths[raw.Rule-1]}, nil
	}
}

// Text is the event's part of the tracer's line (trace.Stamped adds the
// time): "pid=N comm=NAME denied=PATH".
func (d Denied) Text() string { return fmt.Sprintf("pid=%d comm=%s denied=%s", d.PID, d.Comm, d.Path) }
