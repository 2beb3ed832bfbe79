// Package event decodes the records that bpf/uretprobe.go writes into the
// "events" ring buffer.
package event

import (
	"fmt"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// Size is the length of one record; it must match retEvent in
// bpf/uretprobe.go: PID u32 @0, TID u32 @4, Ret u64 @8, Str [64]byte @16.
const Size = 80

// Return is one return of the probed function.
type Return struct {
	PID uint32 `json:"pid"`
	TID uint32 `json:"tid"`
	// Ret is the return register as a signed 64-bit value: a C long, or a
	// pointer. (A function returning a 32-bit int leaves the upper half to
	// the compiler: only its low 32 bits mean anything.)
	Ret int64 `json:"ret"`
	// Str is the C string Ret points to, when the tracer was asked for it
	// (-str); nil otherwise.
	Str *string `json:"str,omitempty"`
}

// retEvent mirrors retEvent in bpf/uretprobe.go.
type retEvent struct {
	PID uint32
	TID uint32
	Ret uint64
	Str [64]byte
}

// Decoder returns the decoder of little-endian records (see
// trace.DecodeRecord); withStr says whether the program read the string
// (its readStr was set).
func Decoder(withStr bool) func([]byte) (Return, error) {
	return func(b []byte) (Return, error) {
		var raw retEvent
		if err := trace.DecodeRecord(b, &raw); err != nil {
			return Return{}, err
		}
		r := Return{PID: raw.PID, TID: raw.TID, Ret: int64(raw.Ret)}
		if withStr {
			s := trace.CString(raw.Str[:])
			r.Str = &s
		}
		return r, nil
	}
}

// Text is the event's part of the tracer's line (trace.Stamped adds the
// time): "pid=N tid=N ret=N", or with the string "pid=N tid=N
// ret=0xADDR str="..."" (the string quoted as Go quotes it).
func (r Return) Text() string {
	if r.Str != nil {
		return fmt.Sprintf("pid=%d tid=%d ret=%#x str=%q", r.PID, r.TID, uint64(r.Ret), *r.Str)
	}
	return fmt.Sprintf("pid=%d tid=%d ret=%d", r.PID, r.TID, r.Ret)
}
