package trace

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"
)

// Event is what an example's event package decodes: Text is its part of the
// tracer's line ("pid=N file=PATH"), its JSON fields the rest of --json's.
type Event interface {
	Text() string
}

// Stamped is an event with the time the tracer received it (the programs
// send no timestamp).
type Stamped[T Event] struct {
	Time  time.Time
	Event T
}

// Stamp pairs ev with t.
func Stamp[T Event](ev T, t time.Time) Stamped[T] { return Stamped[T]{Time: t, Event: ev} }

// String is the tracer's text line: "<RFC3339 UTC> " and the event's text.
func (s Stamped[T]) String() string {
	return s.Time.UTC().Format(time.RFC3339) + " " + s.Event.Text()
}

// MarshalJSON emits the event's JSON object with "time" (UTC, like the text
// line, to the nanosecond) as its first field: {"time":"...Z",...}.
func (s Stamped[T]) MarshalJSON() ([]byte, error) {
	t, err := json.Marshal(s.Time.UTC())
	if err != nil {
		return nil, err
	}
	ev, err := json.Marshal(s.Event)
	if err != nil {
		return nil, err
	}
	out := append([]byte(`{"time":`), t...)
	if fields := bytes.TrimPrefix(ev, []byte("{")); len(fields) > 1 { // not "}"
		out = append(out, ',')
		return append(out, fields...), nil
	}
	return append(out, '}'), nil
}

// CString is the text of a NUL-terminated C string field: what follows the
// NUL is whatever the program left there, so it is cut off. A field without a
// NUL is all text.
func CString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// DecodeRecord decodes a little-endian record into raw, a pointer to a struct
// that mirrors the program's event struct field for field (its padding as
// blank fields). A record shorter than the struct is an error: reading past it
// would invent data. Trailing bytes, such as a perf sample's padding, are
// ignored.
func DecodeRecord(b []byte, raw any) error {
	size := binary.Size(raw)
	if len(b) < size {
		return fmt.Errorf("event: record is %d bytes, want %d", len(b), size)
	}
	_, err := binary.Decode(b[:size], binary.LittleEndian, raw)
	return err
}
