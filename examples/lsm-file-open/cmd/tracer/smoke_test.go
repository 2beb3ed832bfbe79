package main

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/tinybpf/tinybpf/examples/internal/guesttest"
)

func TestMain(m *testing.M) {
	if mode, ok := guesttest.IsChild(); ok {
		os.Exit(child(mode))
	}
	os.Exit(m.Run())
}

// child, named guesttest.ChildComm, opens a file for reading and exits 0 if
// that went as mode says: "denied:PATH" wants EPERM, "allowed:PATH" success.
func child(mode string) int {
	runtime.LockOSThread()
	if err := guesttest.SetComm(); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	want, path, _ := strings.Cut(mode, ":")
	f, err := os.Open(path)
	if err == nil {
		f.Close()
	}
	switch {
	case want == "denied" && errors.Is(err, syscall.EPERM):
		fmt.Printf("child %d: open %s: %v, as it should be\n", os.Getpid(), path, err)
		return 0
	case want == "allowed" && err == nil:
		return 0
	}
	fmt.Fprintf(os.Stderr, "child %d (uid %d): open %s: %v; want it %s\n", os.Getpid(), os.Getuid(), path, err, want)
	return 1
}

// TestTracerInGuest runs in the kernel matrix (scripts/smoke.sh,
// tests/kernels/suite.sh). With the tracer denying one file, a child running
// as root and one running as uid 1000 (the file is readable by everyone) must
// get EPERM opening it, and another file must still open; the tracer must
// print one line per refusal with the child's pid, its name and the file,
// nothing else, and once it exits the file must open again.
func TestTracerInGuest(t *testing.T) {
	guesttest.SkipOutsideGuest(t)
	denied := guesttest.TempFile(t, "lsm-file-open-denied")
	allowed := guesttest.TempFile(t, "lsm-file-open-allowed")
	if reason, ok := guesttest.NoTrampolines(); ok {
		guesttest.ExpectRefusal(t, "lsm-file-open-tracer", "deny.bpf.o",
			`^tracer: attach deny_open to lsm file_open: .*not supported$`,
			strings.Replace(reason, "fentry/fexit", "LSM programs", 1), "-deny", denied)
		return
	}
	guesttest.RunChild(t, "allowed:"+denied, 0) // before the tracer: the file opens

	tr := guesttest.StartCommand(t, "lsm-file-open-tracer", "deny.bpf.o", "-deny", denied)
	rootPid := guesttest.RunChild(t, "denied:"+denied, 0)
	userPid := guesttest.RunChild(t, "denied:"+denied, 1000)
	guesttest.RunChild(t, "allowed:"+allowed, 0)
	line := `^%s pid=%d comm=%s denied=%s$`
	tr.Expect(t, "tracer printed",
		fmt.Sprintf(line, guesttest.TimeRE, rootPid, guesttest.ChildComm, regexp.QuoteMeta(denied)),
		fmt.Sprintf(line, guesttest.TimeRE, userPid, guesttest.ChildComm, regexp.QuoteMeta(denied)))
	tr.Interrupt(t)
	tr.ExpectStderr(t, `^tracer: attached to lsm file_open; Ctrl\+C to stop$`,
		`^tracer: detached; 2 events printed, 0 lost$`)

	guesttest.RunChild(t, "allowed:"+denied, 0) // the tracer is gone: the file opens again

	// -json: the same refusal as an object, then the summary.
	tr = guesttest.StartCommand(t, "lsm-file-open-tracer", "deny.bpf.o", "-json", "-deny", denied)
	pid := guesttest.RunChild(t, "denied:"+denied, 0)
	tr.Expect(t, "tracer -json printed", fmt.Sprintf(`^\{"time":"[^"]+Z","pid":%d,"comm":"%s","path":"%s"\}$`,
		pid, guesttest.ChildComm, regexp.QuoteMeta(denied)))
	tr.Interrupt(t)
	tr.Expect(t, "tracer -json ended with", `^\{"summary":\{"printed":1,"lost":0,"kernel_drops":0,"perf_lost_samples":0,"undecodable":0\}\}$`)
}
