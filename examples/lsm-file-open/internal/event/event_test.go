package event

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

func record(pid, rule uint32, comm string) []byte {
	b := make([]byte, Size)
	b[0], b[1], b[2], b[3] = byte(pid), byte(pid>>8), byte(pid>>16), byte(pid>>24)
	b[4] = byte(rule)
	copy(b[8:], comm)
	return b
}

func TestDecode(t *testing.T) {
	dec := Decoder([]string{"/etc/a", "/tmp/b"})
	got, err := dec(record(1234, 2, "cat\x00junk"))
	if err != nil {
		t.Fatal(err)
	}
	if want := (Denied{PID: 1234, Comm: "cat", Rule: 2, Path: "/tmp/b"}); got != want {
		t.Fatalf("decode = %+v, want %+v", got, want)
	}
}

func TestDecodeBad(t *testing.T) {
	dec := Decoder([]string{"/etc/a"})
	if _, err := dec(make([]byte, Size-1)); err == nil {
		t.Error("a short record: no error")
	}
	for _, rule := range []uint32{0, 2} {
		if _, err := dec(record(1, rule, "x")); err == nil {
			t.Errorf("rule %d of 1: no error", rule)
		}
	}
}

func TestLineAndJSON(t *testing.T) {
	d := Denied{PID: 1234, Comm: "cat", Rule: 1, Path: "/etc/a"}
	ts := time.Date(2026, 2, 21, 12, 34, 56, 0, time.UTC)
	if got, want := trace.Stamp(d, ts).String(), "2026-02-21T12:34:56Z pid=1234 comm=cat denied=/etc/a"; got != want {
		t.Errorf("line = %q\n  want %q", got, want)
	}
	b, err := json.Marshal(trace.Stamp(d, ts))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"time":"2026-02-21T12:34:56Z","pid":1234,"comm":"cat","path":"/etc/a"}`; string(b) != want {
		t.Errorf("JSON = %s\n want %s", b, want)
	}
}
