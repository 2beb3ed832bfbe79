package trace

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/ringbuf"
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

// testEvent is a record of a pid (u32) and a name (the rest).
type testEvent struct {
	PID  uint32 `json:"pid"`
	Name string `json:"name"`
}

func (e testEvent) Text() string { return "pid=" + strconv.Itoa(int(e.PID)) + " name=" + e.Name }

func decodeTest(b []byte) (testEvent, error) {
	if len(b) < 4 {
		return testEvent{}, fmt.Errorf("record is %d bytes, want 4 or more", len(b))
	}
	return testEvent{PID: binary.LittleEndian.Uint32(b), Name: CString(b[4:])}, nil
}

func testRecord(pid uint32, name string) []byte {
	return append(binary.LittleEndian.AppendUint32(nil, pid), name+"\x00junk"...)
}

type emptyEvent struct{}

func (emptyEvent) Text() string { return "nothing" }

func TestStamped(t *testing.T) {
	// A non-UTC zone checks that both forms are converted to UTC.
	ts := time.Date(2026, 2, 21, 13, 34, 56, 5, time.FixedZone("CET", 3600))
	s := Stamp(testEvent{PID: 42, Name: `a "b"`}, ts)
	if got, want := s.String(), `2026-02-21T12:34:56Z pid=42 name=a "b"`; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"time":"2026-02-21T12:34:56.000000005Z","pid":42,"name":"a \"b\""}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
	if b, err = json.Marshal(Stamp(emptyEvent{}, ts)); err != nil || string(b) != `{"time":"2026-02-21T12:34:56.000000005Z"}` {
		t.Errorf("JSON of an event without fields = %s, %v", b, err)
	}
}

// fakeSource serves its records, then calls drained (if set) and blocks until
// closed, as a ring buffer or perf buffer with nothing more to read does.
type fakeSource struct {
	records []record
	drained func()
	closed  chan struct{}
	flushed bool // Flush rather than Close ended the wait
}

func newFakeSource(records ...record) *fakeSource {
	return &fakeSource{records: records, closed: make(chan struct{})}
}

func (s *fakeSource) next() (record, error) {
	if len(s.records) == 0 {
		if s.drained != nil {
			s.drained()
		}
		<-s.closed
		if s.flushed {
			return record{}, fmt.Errorf("read fake: %w", ringbuf.ErrFlushed)
		}
		return record{}, fmt.Errorf("read fake: %w", os.ErrClosed)
	}
	r := s.records[0]
	s.records = s.records[1:]
	return r, nil
}

func (s *fakeSource) close() error {
	select {
	case <-s.closed:
	default:
		close(s.closed)
	}
	return nil
}

func (s *fakeSource) flush() error {
	s.flushed = true
	return s.close()
}

func fakeReader(src *fakeSource) *reader[testEvent] {
	return &reader[testEvent]{next: src.next, close: src.close, flush: src.flush, decode: decodeTest}
}

func TestReaderRun(t *testing.T) {
	src := newFakeSource(
		record{sample: testRecord(1, "a"), cpu: 0},
		record{sample: []byte{1, 2}, cpu: 3}, // too short
		record{cpu: 1, lost: 7},
		record{sample: testRecord(2, "b"), cpu: -1},
		record{sample: testRecord(3, "c"), cpu: 1}, // not read: Event stops at pid 2
	)
	rd := fakeReader(src)
	var got []string
	err := rd.Run(Handlers[testEvent]{
		Event:       func(ev testEvent) bool { got = append(got, ev.Text()); return ev.PID < 2 },
		DecodeError: func(err error) { got = append(got, "error: "+err.Error()) },
		Lost:        func(cpu int, n uint64) { got = append(got, fmt.Sprintf("lost %d on %d", n, cpu)) },
	})
	want := []string{"pid=1 name=a", "error: CPU 3: record is 2 bytes, want 4 or more", "lost 7 on 1", "pid=2 name=b"}
	if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Run = %v, handled %q\n  want %q", err, got, want)
	}

	// Closed while it waits: Run returns nil.
	rd = fakeReader(newFakeSource())
	time.AfterFunc(10*time.Millisecond, func() { rd.Close() })
	if err := rd.Run(Handlers[testEvent]{}); err != nil {
		t.Errorf("Run after Close = %v", err)
	}
}

// runCommand runs a Command on src's records and stops it the way Ctrl+C
// does once they are read; it returns stdout and the log.
func runCommand(t *testing.T, c Command[testEvent], o Options, src *fakeSource) (stdout, logged string) {
	t.Helper()
	var logBuf bytes.Buffer
	log.SetOutput(&logBuf)
	log.SetFlags(0)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	c.Load = func(obj string) (*Tracer, error) {
		if obj != "x.bpf.o" {
			t.Errorf("Load(%q)", obj)
		}
		return &Tracer{coll: &ebpf.Collection{}, attachTo: "a test"}, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	src.drained = cancel
	c.Reader = func(*ebpf.Map) (Reader[testEvent], error) {
		return fakeReader(src), nil
	}
	o.Obj = "x.bpf.o"
	var out bytes.Buffer
	if err := c.Run(ctx, o, &out); err != nil {
		t.Fatal(err)
	}
	return out.String(), logBuf.String()
}

func TestCommandText(t *testing.T) {
	src := newFakeSource(
		record{sample: testRecord(1, "a")},
		record{sample: []byte{1}, cpu: 2},
		record{sample: testRecord(2, "b")},
		record{cpu: 0, lost: 5},
		record{sample: testRecord(1, "c")},
	)
	out, logged := runCommand(t, Command[testEvent]{PID: func(ev testEvent) uint32 { return ev.PID }}, Options{PID: 1}, src)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 || !strings.HasSuffix(lines[0], "Z pid=1 name=a") || !strings.HasSuffix(lines[1], "Z pid=1 name=c") {
		t.Errorf("stdout with -pid 1:\n%s", out)
	}
	if _, err := time.Parse(time.RFC3339, strings.Fields(lines[0])[0]); err != nil {
		t.Errorf("line %q: %v", lines[0], err)
	}
	want := "attached to a test; Ctrl+C to stop\n" +
		"skipped a record: CPU 2: record is 1 bytes, want 4 or more\n" +
		"lost 5 samples on CPU 0 (perf buffer full)\n" +
		"detached; 2 events printed, 5 lost, 1 did not decode\n"
	if logged != want {
		t.Errorf("log:\n%s\nwant:\n%s", logged, want)
	}
}

func TestCommandJSONAndCount(t *testing.T) {
	src := newFakeSource(record{sample: testRecord(1, "a")}, record{sample: testRecord(2, "b")}, record{sample: testRecord(3, "c")})
	out, logged := runCommand(t, Command[testEvent]{PID: func(ev testEvent) uint32 { return ev.PID }}, Options{JSON: true, Count: 2}, src)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[0], `Z","pid":1,"name":"a"}`) || !strings.HasPrefix(lines[1], `{"time":"`) ||
		lines[2] != `{"summary":{"printed":2,"lost":0,"perf_lost_samples":0,"undecodable":0}}` {
		t.Errorf("stdout with -json -count 2:\n%s", out)
	}
	if !strings.HasSuffix(logged, "detached; 2 events printed, 0 lost\n") {
		t.Errorf("log:\n%s", logged)
	}
}

func TestCommandTable(t *testing.T) {
	src := newFakeSource(record{sample: testRecord(7, "a")})
	out, _ := runCommand(t, Command[testEvent]{Table: "PID NAME"}, Options{}, src)
	if out != "PID NAME\npid=7 name=a\n" {
		t.Errorf("table:\n%s", out)
	}
	src = newFakeSource(record{sample: testRecord(7, "a")})
	if out, _ = runCommand(t, Command[testEvent]{Table: "PID NAME"}, Options{JSON: true}, src); !strings.Contains(out, `"pid":7,"name":"a"}`+"\n") || strings.Contains(out, "PID NAME") {
		t.Errorf("table with -json:\n%s", out)
	}
}

// failingWriter is stdout after its reader went away: `tracer | head`.
type failingWriter struct{ writes int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.writes++; w.writes > 1 {
		return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.EPIPE}
	}
	return len(p), nil
}

func TestCommandStopsCleanlyOnEPIPE(t *testing.T) {
	var logBuf bytes.Buffer
	log.SetOutput(&logBuf)
	log.SetFlags(0)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	src := newFakeSource(record{sample: testRecord(1, "a")}, record{sample: testRecord(2, "b")}, record{sample: testRecord(3, "c")})
	c := Command[testEvent]{
		Load:   func(string) (*Tracer, error) { return &Tracer{coll: &ebpf.Collection{}, attachTo: "a test"}, nil },
		Reader: func(*ebpf.Map) (Reader[testEvent], error) { return fakeReader(src), nil },
	}
	if err := c.Run(context.Background(), Options{Obj: "x.bpf.o"}, &failingWriter{}); err != nil {
		t.Errorf("Run on a closed stdout = %v, want nil (a normal end)", err)
	}
	if !strings.HasSuffix(logBuf.String(), "detached; 1 events printed, 0 lost\n") {
		t.Errorf("log:\n%s", logBuf.String())
	}
}

func TestDecodeRecord(t *testing.T) {
	var raw struct {
		PID  uint32
		Ret  int64
		Name [4]byte
		_    [2]byte // padding
	}
	b := []byte{0x39, 0x30, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 'a', 'b', 0, 'x', 9, 9, 7}
	if err := DecodeRecord(b, &raw); err != nil {
		t.Fatal(err)
	}
	if raw.PID != 12345 || raw.Ret != -2 || CString(raw.Name[:]) != "ab" {
		t.Errorf("decoded %+v", raw)
	}
	if err := DecodeRecord(b[:17], &raw); err == nil || err.Error() != "event: record is 17 bytes, want 18" {
		t.Errorf("short record: %v", err)
	}
}
