package main

import (
	"fmt"
	"os"
	"regexp"
	"runtime"
	"syscall"
	"testing"

	"github.com/tinybpf/tinybpf/examples/internal/guesttest"
)

// The child opens a file as childUID with openFlags.
const (
	childUID  = 4242
	openFlags = syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NOFOLLOW | syscall.O_NONBLOCK
	atFDCWD   = -0x64 // AT_FDCWD; the syscall package does not export it
)

// kernelLargefile is the kernel's O_LARGEFILE, which openat(2) adds on 64-bit
// kernels before do_sys_openat2 runs (Go's syscall.O_LARGEFILE is 0 there).
var kernelLargefile = map[string]uint64{"amd64": 0x8000, "arm64": 0x20000}[runtime.GOARCH]

func TestMain(m *testing.M) {
	if path, ok := guesttest.IsChild(); ok {
		os.Exit(child(path))
	}
	os.Exit(m.Run())
}

// child opens path from a thread named guesttest.ChildComm.
func child(path string) int {
	runtime.LockOSThread()
	if err := guesttest.SetComm(); err != nil {
		fmt.Fprintln(os.Stderr, "child: prctl:", err)
		return 1
	}
	// Not os.Open: it would add O_CLOEXEC itself and hide a missing flag.
	fd, err := syscall.Openat(atFDCWD, path, openFlags, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child: openat:", err)
		return 1
	}
	syscall.Close(fd)
	return 0
}

// TestTracerInGuest runs in the kernel matrix (scripts/smoke.sh).
func TestTracerInGuest(t *testing.T) {
	tr := guesttest.StartCommand(t, "kprobe-openat-tracer", "openat.bpf.o")
	path := guesttest.TempFile(t, "kprobe-openat")
	pid := guesttest.RunChild(t, path, childUID)
	// The line must carry exactly these values; any other line of the same
	// file (from a broken field) would leave it unmatched and show in the failure.
	tr.Expect(t, "tracer printed", fmt.Sprintf("^%s pid=%d uid=%d flags=%#x comm=%s file=%s$",
		guesttest.TimeRE, pid, childUID, openFlags|kernelLargefile, guesttest.ChildComm, regexp.QuoteMeta(path)))
	tr.Interrupt(t)
	tr.ExpectStderr(t, `^tracer: attached to kprobe do_sys_openat2; Ctrl\+C to stop$`,
		`^tracer: detached; [1-9][0-9]* events printed, 0 lost$`)
}
