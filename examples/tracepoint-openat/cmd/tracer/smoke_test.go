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

// The child opens an existing file with these flags, as the user passed them
// to openat(2): that is what the tracepoint sys_enter_openat sees.
const (
	openFlags = syscall.O_WRONLY | syscall.O_APPEND | syscall.O_CLOEXEC | syscall.O_NONBLOCK
	atFDCWD   = -0x64 // AT_FDCWD; the syscall package does not export it
)

func TestMain(m *testing.M) {
	if path, ok := guesttest.IsChild(); ok {
		os.Exit(child(path))
	}
	os.Exit(m.Run())
}

// child writes the id of the thread that will open path into path.tid, then
// opens path from that thread.
func child(path string) int {
	runtime.LockOSThread()
	tid := strconv.Itoa(syscall.Gettid())
	if err := os.WriteFile(path+".tid", []byte(tid), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	// Not os.OpenFile: it would add O_CLOEXEC itself and hide a missing flag.
	fd, err := syscall.Openat(atFDCWD, path, openFlags, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child: openat:", err)
		return 1
	}
	syscall.Close(fd)
	return 0
}

// TestTracerInGuest runs in the kernel matrix (tests/kernels/suite.sh): the
// tracer must print the child's pid, the thread's id, the flags and the file.
func TestTracerInGuest(t *testing.T) {
	tr := guesttest.StartCommand(t, "tracepoint-openat-tracer", "openat.bpf.o")
	path := guesttest.TempFile(t, "tracepoint-openat")
	t.Cleanup(func() { os.Remove(path + ".tid") })
	pid := guesttest.RunChild(t, path, 0)
	tid, err := os.ReadFile(path + ".tid")
	if err != nil {
		t.Fatal(err)
	}
	tr.Expect(t, "tracer printed", fmt.Sprintf(`^%s pid=%d tid=%s flags=%#x file=%s$`,
		guesttest.TimeRE, pid, tid, openFlags, regexp.QuoteMeta(path)))
	tr.Interrupt(t)
	tr.ExpectStderr(t, `^tracer: attached to tracepoint syscalls/sys_enter_openat; Ctrl\+C to stop$`,
		`^tracer: detached; [1-9][0-9]* events printed, 0 lost$`)
}
