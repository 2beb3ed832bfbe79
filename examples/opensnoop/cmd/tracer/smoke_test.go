package main

import (
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"syscall"
	"testing"

	"github.com/tinybpf/tinybpf/examples/internal/guesttest"
)

func TestMain(m *testing.M) {
	if path, ok := guesttest.IsChild(); ok {
		os.Exit(child(path))
	}
	os.Exit(m.Run())
}

// child, as a thread named guesttest.ChildComm, opens path (which exists) and
// path-missing (which does not), and writes the descriptor the first open got
// into path.fd.
func child(path string) int {
	runtime.LockOSThread()
	if err := guesttest.SetComm(); err != nil {
		fmt.Fprintln(os.Stderr, "child: prctl:", err)
		return 1
	}
	// syscall.Open, not os.Open: no poller, so no other descriptor is opened.
	fd, err := syscall.Open(path, syscall.O_RDONLY, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child: open:", err)
		return 1
	}
	if _, err := syscall.Open(path+"-missing", syscall.O_RDONLY, 0); err != syscall.ENOENT {
		fmt.Fprintln(os.Stderr, "child: open of a missing file:", err)
		return 1
	}
	syscall.Close(fd)
	if err := os.WriteFile(path+".fd", []byte(strconv.Itoa(fd)), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	return 0
}

// TestTracerInGuest runs in the kernel matrix (tests/kernels/suite.sh): the
// rows of both opens, in libbpf-tools' columns (PID COMM FD ERR PATH): the
// child's pid and comm, the descriptor it got, and -1 with ENOENT (2).
func TestTracerInGuest(t *testing.T) {
	tr := guesttest.StartCommand(t, "opensnoop-tracer", "opensnoop.bpf.o")
	path := guesttest.TempFile(t, "opensnoop")
	t.Cleanup(func() { os.Remove(path + ".fd") })
	pid := guesttest.RunChild(t, path, 0)
	fd, err := os.ReadFile(path + ".fd")
	if err != nil {
		t.Fatal(err)
	}
	q := regexp.QuoteMeta
	tr.Expect(t, "opensnoop printed",
		fmt.Sprintf(`^%-6d %-16s %3s %3d %s$`, pid, guesttest.ChildComm, fd, 0, q(path)),
		fmt.Sprintf(`^%-6d %-16s %3d %3d %s$`, pid, guesttest.ChildComm, -1, 2, q(path+"-missing")))
	tr.Interrupt(t)
	tr.ExpectStderr(t, `^opensnoop: attached to .*; Ctrl\+C to stop$`,
		`^opensnoop: detached; [1-9][0-9]* events printed, 0 lost$`)
}
