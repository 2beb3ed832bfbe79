package event

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

func TestDecodeExactBytes(t *testing.T) {
	b := []byte{
		0x39, 0x30, 0, 0, // Pid 12345
		0x3a, 0x30, 0, 0, // Tgid 12346
		's', 'h', 0, 'j', 'u', 'n', 'k', 0, 0, 0, 0, 0, 0, 0, 0, 0, // Comm: "sh", then leftovers
		0xff, 0xff, 0xff, 0xff, // perf padding after the record
	}
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	want := Exec{Pid: 12345, Tgid: 12346, Comm: "sh"}
	if got != want {
		t.Fatalf("Decode = %+v, want %+v", got, want)
	}
}

func TestDecodeFullComm(t *testing.T) {
	// A 16-byte comm has no NUL; all of it is the name.
	b := make([]byte, Size)
	copy(b[8:], "0123456789abcdef")
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Comm != "0123456789abcdef" {
		t.Fatalf("Comm = %q", got.Comm)
	}
}

func TestDecodeShort(t *testing.T) {
	for _, n := range []int{0, 8, Size - 1} {
		if _, err := Decode(make([]byte, n)); err == nil {
			t.Errorf("Decode(%d bytes): no error", n)
		}
	}
}

func TestLineAndJSON(t *testing.T) {
	// A non-UTC zone checks that both forms are converted to UTC.
	ts := time.Date(2024, 5, 6, 9, 8, 7, 123, time.FixedZone("X", 2*3600))
	if got, want := trace.Stamp(Exec{Pid: 42, Tgid: 41, Comm: "true"}, ts).String(), "2024-05-06T07:08:07Z pid=42 tgid=41 comm=true"; got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
	b, err := json.Marshal(trace.Stamp(Exec{Pid: 42, Tgid: 41, Comm: `a"b`}, ts))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"time":"2024-05-06T07:08:07.000000123Z","pid":42,"tgid":41,"comm":"a\"b"}`
	if string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
}
