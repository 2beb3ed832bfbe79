package main

import (
	"fmt"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/guesttest"
)

func TestMain(m *testing.M) {
	if path, ok := guesttest.IsChild(); ok {
		os.Exit(child(path))
	}
	os.Exit(m.Run())
}

// child opens path, which reaches do_sys_openat2.
func child(path string) int {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	f.Close()
	return 0
}

// TestTracerInGuest runs in the kernel matrix (scripts/smoke.sh).
func TestTracerInGuest(t *testing.T) {
	tracer, ok := guesttest.DataFile("fentry-open-tracer")
	if !ok {
		t.Skip("runs inside the QEMU kernel matrix: scripts/smoke.sh")
	}
	obj, _ := guesttest.DataFile("open.bpf.o")
	path := fmt.Sprintf("/tmp/fentry-open-%d", os.Getpid())
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(path)

	tr := guesttest.StartTracer(t, tracer, "-obj", obj)
	pid := guesttest.RunChild(t, path, 0)
	want := regexp.MustCompile(fmt.Sprintf(`^%s pid=%d file=%s$`, guesttest.TimeRE, pid, regexp.QuoteMeta(path)))
	fileField := regexp.MustCompile(" file=" + regexp.QuoteMeta(path) + "$")
	line := tr.WaitLines(t, 10*time.Second, 1, func(_ int, l string) bool { return fileField.MatchString(l) })[0]
	fmt.Printf("tracer printed: %s\n", line)
	if !want.MatchString(line) {
		t.Errorf("tracer printed\n  %s\nwant\n  %s", line, want)
	}
	tr.Interrupt(t)
}
