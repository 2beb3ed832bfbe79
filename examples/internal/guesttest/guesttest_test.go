package guesttest

import (
	"os"
	"testing"
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
