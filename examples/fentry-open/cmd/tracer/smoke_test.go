package main

import (
	"fmt"
	"os"
	"regexp"
	"testing"

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
	if reason, ok := guesttest.NoTrampolines(); ok {
		guesttest.ExpectRefusal(t, "fentry-open-tracer", "open.bpf.o",
			`^tracer: attach fentry_open to fentry do_sys_openat2: .*not supported$`, reason)
		return
	}
	tr := guesttest.StartCommand(t, "fentry-open-tracer", "open.bpf.o")
	path := guesttest.TempFile(t, "fentry-open")
	pid := guesttest.RunChild(t, path, 0)
	tr.Expect(t, "tracer printed", fmt.Sprintf(`^%s pid=%d file=%s$`, guesttest.TimeRE, pid, regexp.QuoteMeta(path)))
	tr.Interrupt(t)
	tr.ExpectStderr(t, `^tracer: attached to fentry do_sys_openat2; Ctrl\+C to stop$`,
		`^tracer: detached; [1-9][0-9]* events printed, 0 lost$`)
}
