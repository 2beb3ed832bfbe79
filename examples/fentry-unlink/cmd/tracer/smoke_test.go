package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/tinybpf/tinybpf/examples/internal/guesttest"
)

const atFDCWD = -0x64 // AT_FDCWD; the syscall package does not export it

func TestMain(m *testing.M) {
	if paths, ok := guesttest.IsChild(); ok {
		os.Exit(child(strings.Split(paths, ":")))
	}
	os.Exit(m.Run())
}

// child removes paths[0], which exists, then paths[1], which does not, with
// the unlinkat system call (glibc's and Go's unlink use the unlink syscall on
// x86_64; both reach do_unlinkat, but the test makes exactly the call it means).
func child(paths []string) int {
	dirfd := atFDCWD
	for i, want := range []syscall.Errno{0, syscall.ENOENT} {
		p, err := syscall.BytePtrFromString(paths[i])
		if err != nil {
			return 1
		}
		_, _, errno := syscall.Syscall(syscall.SYS_UNLINKAT, uintptr(dirfd), uintptr(unsafe.Pointer(p)), 0)
		if errno != want {
			fmt.Fprintf(os.Stderr, "child: unlinkat(%s) = %v, want %v\n", paths[i], errno, want)
			return 1
		}
	}
	return 0
}

// unlinkBoth creates one file and runs the child on it and on a path that
// does not exist; it returns the child's pid and both paths.
func unlinkBoth(t *testing.T, tag string) (pid int, existing, missing string) {
	existing = guesttest.TempFile(t, "fentry-unlink-"+tag)
	missing = existing + "-missing"
	return guesttest.RunChild(t, existing+":"+missing, 0), existing, missing
}

// TestTracerInGuest runs in the kernel matrix (scripts/smoke.sh): the ring
// buffer tracer must print entry and exit of both calls, with ret 0 and -2.
func TestTracerInGuest(t *testing.T) {
	if reason, ok := guesttest.NoTrampolines(); ok {
		guesttest.ExpectRefusal(t, "fentry-unlink-tracer", "unlink.bpf.o",
			`^tracer: attach do_unlinkat_entry to fentry and fexit do_unlinkat: .*not supported$`, reason)
		return
	}
	tr := guesttest.StartCommand(t, "fentry-unlink-tracer", "unlink.bpf.o")
	pid, existing, missing := unlinkBoth(t, "ringbuf")
	q := regexp.QuoteMeta
	tr.Expect(t, "tracer printed",
		fmt.Sprintf(`^%s fentry pid=%d file=%s$`, guesttest.TimeRE, pid, q(existing)),
		fmt.Sprintf(`^%s fexit pid=%d file=%s ret=0$`, guesttest.TimeRE, pid, q(existing)),
		fmt.Sprintf(`^%s fentry pid=%d file=%s$`, guesttest.TimeRE, pid, q(missing)),
		fmt.Sprintf(`^%s fexit pid=%d file=%s ret=-2$`, guesttest.TimeRE, pid, q(missing)),
	)
	tr.Interrupt(t)
	tr.ExpectStderr(t, `^tracer: attached to fentry and fexit do_unlinkat; Ctrl\+C to stop$`,
		`^tracer: detached; [1-9][0-9]* events printed, 0 lost$`)
}

// TestPrintkInGuest: the bpf_printk programs must write the tutorial's lines,
// with the child's pid, the paths and the return values, to trace_pipe.
func TestPrintkInGuest(t *testing.T) {
	guesttest.SkipOutsideGuest(t)
	if reason, ok := guesttest.NoTrampolines(); ok {
		guesttest.ExpectRefusal(t, "fentry-unlink-printk", "unlink_printk.bpf.o",
			`^printk: attach do_unlinkat to fentry and fexit do_unlinkat: .*not supported$`, reason)
		return
	}
	pipe, err := os.Open("/sys/kernel/tracing/trace_pipe")
	if err != nil {
		t.Fatal(err)
	}
	// Not closed: the reading goroutine blocks in read until the process ends.
	traceLines := guesttest.ReadLines(pipe)
	tr := guesttest.StartCommand(t, "fentry-unlink-printk", "unlink_printk.bpf.o")
	pid, existing, missing := unlinkBoth(t, "printk")
	q := regexp.QuoteMeta
	const prefix = `bpf_trace_printk: My internal print ==> `
	traceLines.Expect(t, "trace_pipe",
		fmt.Sprintf(`%sfentry: pid = %d, filename = %s$`, prefix, pid, q(existing)),
		fmt.Sprintf(`%sfexit: pid = %d, filename = %s, ret = 0$`, prefix, pid, q(existing)),
		fmt.Sprintf(`%sfentry: pid = %d, filename = %s$`, prefix, pid, q(missing)),
		fmt.Sprintf(`%sfexit: pid = %d, filename = %s, ret = -2$`, prefix, pid, q(missing)),
	)
	tr.Interrupt(t)
}
