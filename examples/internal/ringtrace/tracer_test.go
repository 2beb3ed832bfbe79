package ringtrace

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"
)

func TestCString(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"abc\x00def", "abc"},
		{"\x00abc", ""},
		{"full", "full"}, // no NUL: the whole field
		{"", ""},
	} {
		if got := CString([]byte(c.in)); got != c.want {
			t.Errorf("CString(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

type testEvent struct {
	PID  uint32 `json:"pid"`
	Name string `json:"name"`
}

func (e testEvent) Text() string { return "pid=" + strconv.Itoa(int(e.PID)) + " name=" + e.Name }

type emptyEvent struct{}

func (emptyEvent) Text() string { return "nothing" }

func TestStamped(t *testing.T) {
	// A non-UTC zone checks that both forms are converted to UTC.
	ts := time.Date(2026, 2, 21, 13, 34, 56, 0, time.FixedZone("CET", 3600))
	s := Stamp(testEvent{PID: 42, Name: `a "b"`}, ts)
	if got, want := s.String(), `2026-02-21T12:34:56Z pid=42 name=a "b"`; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"time":"2026-02-21T12:34:56Z","pid":42,"name":"a \"b\""}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
	if b, err = json.Marshal(Stamp(emptyEvent{}, ts)); err != nil || string(b) != `{"time":"2026-02-21T12:34:56Z"}` {
		t.Errorf("JSON of an event without fields = %s, %v", b, err)
	}
}
