package event

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// record lays out a record as bpf/unlink.go does.
func record(kind uint32, pid uint32, ret int64, name string) []byte {
	b := make([]byte, Size)
	for i := range 4 {
		b[i] = byte(kind >> (8 * i))
		b[4+i] = byte(pid >> (8 * i))
	}
	for i := range 8 {
		b[8+i] = byte(uint64(ret) >> (8 * i))
	}
	copy(b[16:], name)
	return b
}

func TestDecode(t *testing.T) {
	got, err := Decode(record(1, 4294, -2, "/tmp/x\x00junk"))
	if err != nil {
		t.Fatal(err)
	}
	if want := (UnlinkEvent{Kind: Exit, PID: 4294, Ret: -2, Filename: "/tmp/x"}); got != want {
		t.Fatalf("Decode = %+v, want %+v", got, want)
	}
}

func TestDecodeBad(t *testing.T) {
	if _, err := Decode(make([]byte, Size-1)); err == nil {
		t.Error("short record: no error")
	}
	if _, err := Decode(record(7, 1, 0, "x")); err == nil {
		t.Error("kind 7: no error")
	}
}

func TestLinesAndJSON(t *testing.T) {
	ts := time.Date(2026, 2, 21, 12, 34, 56, 0, time.UTC)
	for _, c := range []struct {
		ev   UnlinkEvent
		line string
		json string
	}{
		{UnlinkEvent{Kind: Entry, PID: 42, Filename: "/tmp/a"},
			"2026-02-21T12:34:56Z fentry pid=42 file=/tmp/a",
			`{"time":"2026-02-21T12:34:56Z","kind":"fentry","pid":42,"ret":0,"filename":"/tmp/a"}`},
		{UnlinkEvent{Kind: Exit, PID: 42, Ret: -2, Filename: "/tmp/a"},
			"2026-02-21T12:34:56Z fexit pid=42 file=/tmp/a ret=-2",
			`{"time":"2026-02-21T12:34:56Z","kind":"fexit","pid":42,"ret":-2,"filename":"/tmp/a"}`},
	} {
		if got := trace.Stamp(c.ev, ts).String(); got != c.line {
			t.Errorf("line = %q\n  want %q", got, c.line)
		}
		b, err := json.Marshal(trace.Stamp(c.ev, ts))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != c.json {
			t.Errorf("JSON = %s\n want %s", b, c.json)
		}
	}
}
