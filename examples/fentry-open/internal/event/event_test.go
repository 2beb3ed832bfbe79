package event

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

func TestDecode(t *testing.T) {
	b := make([]byte, Size)
	copy(b, []byte{0xd2, 0x04, 0, 0}) // PID 1234
	copy(b[4:], "/etc/hostname\x00junk")
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if want := (OpenEvent{PID: 1234, Filename: "/etc/hostname"}); got != want {
		t.Fatalf("Decode = %+v, want %+v", got, want)
	}
}

func TestDecodeFullName(t *testing.T) {
	// No NUL at all: the whole 256-byte field is the name.
	b := make([]byte, Size)
	name := strings.Repeat("a", Size-4)
	copy(b[4:], name)
	got, err := Decode(b)
	if err != nil || got.Filename != name {
		t.Fatalf("Decode = %+v, %v; want the 256-byte name", got, err)
	}
}

func TestDecodeShort(t *testing.T) {
	if _, err := Decode(make([]byte, Size-1)); err == nil {
		t.Fatal("Decode of a short record: no error")
	}
}

func TestLineAndJSON(t *testing.T) {
	ev := OpenEvent{PID: 1234, Filename: "/etc/hostname"}
	ts := time.Date(2026, 2, 21, 12, 34, 56, 0, time.UTC)
	if got, want := trace.Stamp(ev, ts).String(), "2026-02-21T12:34:56Z pid=1234 file=/etc/hostname"; got != want {
		t.Errorf("line = %q\n  want %q", got, want)
	}
	b, err := json.Marshal(trace.Stamp(ev, ts))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"time":"2026-02-21T12:34:56Z","pid":1234,"filename":"/etc/hostname"}`; string(b) != want {
		t.Errorf("JSON = %s\n want %s", b, want)
	}
}
