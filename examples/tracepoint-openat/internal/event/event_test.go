package event

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// record builds a raw record the way the BPF program lays it out.
func record(pid, tid uint32, flags int64, name string) []byte {
	b := make([]byte, Size)
	b[0], b[1], b[2], b[3] = byte(pid), byte(pid>>8), byte(pid>>16), byte(pid>>24)
	b[4], b[5], b[6], b[7] = byte(tid), byte(tid>>8), byte(tid>>16), byte(tid>>24)
	for i := range 8 {
		b[8+i] = byte(uint64(flags) >> (8 * i))
	}
	copy(b[16:], name)
	return b
}

func TestDecode(t *testing.T) {
	b := record(0x01020304, 0x0a0b0c0d, 0xa0000, "/etc/passwd")
	// Garbage after the NUL must not leak into the name.
	copy(b[16+len("/etc/passwd")+1:], "junk")

	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	want := OpenEvent{PID: 0x01020304, TID: 0x0a0b0c0d, Flags: 0xa0000, Filename: "/etc/passwd"}
	if got != want {
		t.Fatalf("Decode = %+v, want %+v", got, want)
	}
}

func TestDecodeExactBytes(t *testing.T) {
	// Hand-written bytes, independent of the record helper.
	b := make([]byte, Size)
	copy(b, []byte{
		0x39, 0x30, 0, 0, // PID 12345
		0x3a, 0x30, 0, 0, // TID 12346
		0x00, 0x00, 0x0a, 0, 0, 0, 0, 0, // Flags 0xa0000
		'/', 't', 'm', 'p', '/', 'x', 0,
	})
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	want := OpenEvent{PID: 12345, TID: 12346, Flags: 0xa0000, Filename: "/tmp/x"}
	if got != want {
		t.Fatalf("Decode = %+v, want %+v", got, want)
	}
}

func TestDecodeNegativeFlags(t *testing.T) {
	got, err := Decode(record(1, 1, -1, "a"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Flags != -1 {
		t.Fatalf("Flags = %d, want -1", got.Flags)
	}
}

func TestDecodeFullName(t *testing.T) {
	// No NUL at all: the whole 128-byte field is the name.
	name := strings.Repeat("a", 128)
	got, err := Decode(record(1, 2, 0, name))
	if err != nil {
		t.Fatal(err)
	}
	if got.Filename != name {
		t.Fatalf("Filename = %q, want %q", got.Filename, name)
	}
}

func TestDecodeShort(t *testing.T) {
	for _, n := range []int{0, 16, Size - 1} {
		if _, err := Decode(make([]byte, n)); err == nil {
			t.Errorf("Decode(%d bytes): no error", n)
		}
	}
}

func TestLineAndJSON(t *testing.T) {
	e := OpenEvent{PID: 42, TID: 43, Flags: 0xa0000, Filename: "/tmp/a \"b\""}
	// A non-UTC zone checks that both forms are converted to UTC.
	ts := time.Date(2024, 5, 6, 9, 8, 7, 123, time.FixedZone("X", 2*3600))

	if got, want := trace.Stamp(e, ts).String(), `2024-05-06T07:08:07Z pid=42 tid=43 flags=0xa0000 file=/tmp/a "b"`; got != want {
		t.Errorf("line = %q\n  want %q", got, want)
	}
	if got := (OpenEvent{}).Text(); got != "pid=0 tid=0 flags=0x0 file=" {
		t.Errorf("zero Text = %q", got)
	}
	b, err := json.Marshal(trace.Stamp(e, ts))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"time":"2024-05-06T07:08:07.000000123Z","pid":42,"tid":43,"flags":655360,"filename":"/tmp/a \"b\""}`
	if string(b) != want {
		t.Errorf("JSON = %s\n  want %s", b, want)
	}
}
