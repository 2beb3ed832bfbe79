package guesttest

import (
	"bytes"
	"io"
	"os"
	"testing"
	"time"
)

// A tracer's last lines, printed as it exits on Ctrl+C, must all be read,
// however fast it exits: lsm-file-open's guest test once lost its -json
// summary line when cmd.Wait closed a StdoutPipe that still held it. The
// stand-in prints 2,000 lines (some 60 KiB, close to a pipe's capacity) and
// its last line on SIGINT, then exits at once.
func TestLastLinesAfterExit(t *testing.T) {
	const script = `trap 'i=0; while [ $i -lt 2000 ]; do echo "line $i of the burst before the end"; i=$((i+1)); done; echo last; exit 0' INT
echo attached >&2
while :; do sleep 0.01; done`
	for range 20 {
		tr := StartTracer(t, "sh", "-c", script)
		if err := tr.cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		if err := <-tr.exited; err != nil {
			t.Fatalf("stand-in tracer: %v", err)
		}
		tr.Expect(t, "the last line", "^last$")
	}
}

// ExpectOrNone: a stream that printed none of the lines says so (false) and
// leaves the stream to the next Expect; one that printed them all returns
// them in the patterns' order.
func TestExpectOrNone(t *testing.T) {
	defer func(d time.Duration, w io.Writer) { expectWait, retryOut = d, w }(expectWait, retryOut)
	expectWait = 200 * time.Millisecond
	var retries bytes.Buffer
	retryOut = &retries
	r, w := io.Pipe()
	defer w.Close()
	l := ReadLines(r)
	go io.WriteString(w, "pid=1 a\npid=1 b\n")
	if got, ok := l.ExpectOrNone(t, "none", "^pid=2 a$", "^pid=2 b$"); ok || got != nil {
		t.Fatalf("pid 2 printed nothing, yet ExpectOrNone gave %q, %v", got, ok)
	}
	if want := "RETRY none: after 200ms, none of 2 expected lines among 2; the workload runs once more\n"; retries.String() != want {
		t.Fatalf("the RETRY line is %q, want %q", retries.String(), want)
	}
	go io.WriteString(w, "pid=2 b\nother\npid=2 a\n")
	got, ok := l.ExpectOrNone(t, "all", "^pid=2 a$", "^pid=2 b$")
	if !ok || len(got) != 2 || got[0] != "pid=2 a" || got[1] != "pid=2 b" {
		t.Fatalf("ExpectOrNone gave %q, %v; want [pid=2 a pid=2 b], true", got, ok)
	}
}
