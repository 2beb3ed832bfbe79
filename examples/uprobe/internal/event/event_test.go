package event

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// Hand-written bytes: pid 12345, tid 12346, ret -38, str "HI" then junk.
func record() []byte {
	b := make([]byte, Size)
	copy(b, []byte{
		0x39, 0x30, 0, 0,
		0x3a, 0x30, 0, 0,
		0xda, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		'H', 'I', 0, 'x', 'y',
	})
	return b
}

func TestDecode(t *testing.T) {
	got, err := Decoder(false)(record())
	if err != nil {
		t.Fatal(err)
	}
	if got.PID != 12345 || got.TID != 12346 || got.Ret != -38 || got.Str != nil {
		t.Fatalf("Decode = %+v", got)
	}
	if got.Text() != "pid=12345 tid=12346 ret=-38" {
		t.Errorf("Text = %q", got.Text())
	}
	ts := time.Date(2026, 12, 2, 14, 0, 0, 5, time.UTC)
	b, err := json.Marshal(trace.Stamp(got, ts))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"time":"2026-12-02T14:00:00.000000005Z","pid":12345,"tid":12346,"ret":-38}`; string(b) != want {
		t.Errorf("JSON = %s\n  want %s", b, want)
	}
}

func TestDecodeStr(t *testing.T) {
	got, err := Decoder(true)(record())
	if err != nil {
		t.Fatal(err)
	}
	if got.Str == nil || *got.Str != "HI" {
		t.Fatalf("Str = %v", got.Str)
	}
	if want := `pid=12345 tid=12346 ret=0xffffffffffffffda str="HI"`; got.Text() != want {
		t.Errorf("Text = %q\n  want %q", got.Text(), want)
	}
	b, _ := json.Marshal(got)
	if want := `{"pid":12345,"tid":12346,"ret":-38,"str":"HI"}`; string(b) != want {
		t.Errorf("JSON = %s\n  want %s", b, want)
	}
}

func TestDecodeShort(t *testing.T) {
	for _, n := range []int{0, 16, Size - 1} {
		if _, err := Decoder(false)(make([]byte, n)); err == nil {
			t.Errorf("Decode(%d bytes): no error", n)
		}
	}
}
