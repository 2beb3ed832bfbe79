package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/tinybpf/tinybpf/examples/internal/guesttest"
)

func TestMain(m *testing.M) {
	if link, ok := guesttest.IsChild(); ok {
		// exec keeps the pid: the tracer sees this process exec link. busybox,
		// which link points to, runs its applet "true" (argv[0]).
		err := syscall.Exec(link, []string{"true"}, os.Environ())
		fmt.Fprintln(os.Stderr, "child: exec:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// TestTracerInGuest runs in the kernel matrix (tests/kernels/suite.sh): the
// child is this test binary, exec'd by RunChild, which then execs a file whose
// name is longer than comm's 15 bytes; the tracer must print both execs with
// the child's pid and each new comm.
func TestTracerInGuest(t *testing.T) {
	tr := guesttest.StartCommand(t, "rawtp-sched-tracer", "sched.bpf.o")
	link := fmt.Sprintf("/tmp/smoke-exec-long-name-%d", os.Getpid())
	if err := os.Symlink("/bin/busybox", link); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(link) })
	pid := guesttest.RunChild(t, link, 0)
	self := filepath.Base(os.Args[0])
	if len(self) > 15 {
		self = self[:15]
	}
	tr.Expect(t, "tracer printed",
		fmt.Sprintf(`^%s pid=%d tgid=%d comm=%s$`, guesttest.TimeRE, pid, pid, self),
		fmt.Sprintf(`^%s pid=%d tgid=%d comm=smoke-exec-long$`, guesttest.TimeRE, pid, pid))
	tr.Interrupt(t)
	tr.ExpectStderr(t, `^tracer: attached to raw tracepoint sched_process_exec; Ctrl\+C to stop$`,
		`^tracer: detached; [1-9][0-9]* events printed, 0 lost$`)
}
