package event

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// record lays out a record as bpf/openat.go does, field by field.
func record() []byte {
	b := make([]byte, Size)
	copy(b, []byte{
		0x39, 0x30, 0, 0, // PID 12345
		0xe8, 0x03, 0, 0, // UID 1000
		0x00, 0x88, 0x0a, 0, 0, 0, 0, 0, // Flags 0xa8800
	})
	copy(b[16:], "cat\x00junk")            // comm: what follows the NUL is cut off
	copy(b[32:], "/etc/hosts\x00leftover") // filename
	return b
}

func TestDecode(t *testing.T) {
	got, err := Decode(record())
	if err != nil {
		t.Fatal(err)
	}
	want := OpenEvent{PID: 12345, UID: 1000, Flags: 0xa8800, Comm: "cat", Filename: "/etc/hosts"}
	if got != want {
		t.Fatalf("Decode = %+v, want %+v", got, want)
	}
}

func TestDecodeShort(t *testing.T) {
	for _, n := range []int{0, 32, Size - 1} {
		if _, err := Decode(make([]byte, n)); err == nil {
			t.Errorf("Decode(%d bytes): no error", n)
		}
	}
}

func TestLineAndJSON(t *testing.T) {
	ev := OpenEvent{PID: 1234, UID: 1000, Flags: 0, Comm: "cat", Filename: "/etc/hosts"}
	ts := time.Date(2026, 2, 21, 13, 34, 56, 0, time.FixedZone("CET", 3600))
	if got, want := trace.Stamp(ev, ts).String(), "2026-02-21T12:34:56Z pid=1234 uid=1000 flags=0x0 comm=cat file=/etc/hosts"; got != want {
		t.Errorf("line = %q\n  want %q", got, want)
	}
	b, err := json.Marshal(trace.Stamp(ev, ts))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"time":"2026-02-21T12:34:56Z","pid":1234,"uid":1000,"flags":0,"comm":"cat","filename":"/etc/hosts"}`; string(b) != want {
		t.Errorf("JSON = %s\n want %s", b, want)
	}
}
