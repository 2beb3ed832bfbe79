package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/tinybpf/tinybpf/examples/internal/guesttest"
)

// startTarget starts the traced program (scripts/target.c, staged as the
// file name) with args; it waits on a fifo until release is called, which
// then waits for it to exit and returns what it printed after its pid line.
func startTarget(t *testing.T, name string, args ...string) (path string, pid int, release func() []string) {
	t.Helper()
	path, _ = guesttest.DataFile(name)
	fifo := filepath.Join(t.TempDir(), "go")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, append([]string{fifo}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	sc := bufio.NewScanner(out)
	if !sc.Scan() || sc.Text() != fmt.Sprintf("pid %d", cmd.Process.Pid) {
		t.Fatalf("the target printed %q first, want its pid %d", sc.Text(), cmd.Process.Pid)
	}
	return path, cmd.Process.Pid, func() []string {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		f.Close()
		if err := cmd.Wait(); err != nil {
			t.Fatalf("target: %v", err)
		}
		return lines
	}
}

// uretprobe runs the tracer on answer() of the staged program name while the
// program calls answer(6), answer(-5), answer(2^40) and shout("hello"), and
// checks the values the tracer prints.
func uretprobe(t *testing.T, name string) {
	// answer(x) returns x*7-3.
	want := []int64{6*7 - 3, -5*7 - 3, 1<<40*7 - 3}
	path, pid, release := startTarget(t, name, "6", "-5", strconv.FormatInt(1<<40, 10), "s:hello")
	tr := guesttest.StartCommand(t, "uprobe-tracer", "uretprobe.bpf.o",
		"-binary", path, "-symbol", "answer", "-pid", strconv.Itoa(pid))
	printed := release()
	if got := strings.Join(printed, " "); got != fmt.Sprintf("%d %d %d HELLO", want[0], want[1], want[2]) {
		t.Fatalf("the target printed %q", got)
	}
	var patterns []string
	for _, v := range want {
		patterns = append(patterns, fmt.Sprintf(`^%s pid=%d tid=%d ret=%d$`, guesttest.TimeRE, pid, pid, v))
	}
	tr.Expect(t, "answer's returns", patterns...)
	tr.Interrupt(t)
	tr.ExpectStderr(t, fmt.Sprintf(`^tracer: attached to uretprobe %s:answer; Ctrl\+C to stop$`, path),
		`^tracer: detached; 3 events printed, 0 lost$`)

	path, pid, release = startTarget(t, name, "s:hello world")
	tr = guesttest.StartCommand(t, "uprobe-tracer", "uretprobe.bpf.o",
		"-binary", path, "-symbol", "shout", "-str", "-pid", strconv.Itoa(pid))
	release()
	tr.Expect(t, "shout's string", fmt.Sprintf(`^%s pid=%d tid=%d ret=0x[0-9a-f]+ str="HELLO WORLD"$`, guesttest.TimeRE, pid, pid))
	tr.Interrupt(t)
}

// TestUretprobeInGuest runs in the kernel matrix (tests/kernels/suite.sh).
func TestUretprobeInGuest(t *testing.T) {
	guesttest.SkipOutsideGuest(t)
	uretprobe(t, "uprobe-target")
}

// TestUretprobeCFPInGuest: the same program built with control-flow
// protection, whose functions start with endbr64 (amd64) or a BTI landing
// pad (arm64); see the README's known problem.
func TestUretprobeCFPInGuest(t *testing.T) {
	guesttest.SkipOutsideGuest(t)
	uretprobe(t, "uprobe-target-cfp")
}
