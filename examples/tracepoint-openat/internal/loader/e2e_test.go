package loader_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/tracepoint-openat/internal/event"
	"github.com/tinybpf/tinybpf/examples/tracepoint-openat/internal/loader"
	"github.com/tinybpf/tinybpf/examples/tracepoint-openat/internal/reader"
)

// childEnv makes the re-executed test binary act as the traced child:
// it opens the path in this variable and prints the opening thread's TID.
const childEnv = "TINYBPF_E2E_OPEN"

// childFlags are the flags the child passes to syscall.Openat, which ORs in
// syscall.O_LARGEFILE (0 on amd64 and arm64; the kernel forces O_LARGEFILE
// only after the tracepoint has fired). So the event must carry exactly
// wantFlags: 0xa0000 on amd64.
const (
	childFlags = syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NOFOLLOW
	wantFlags  = childFlags | syscall.O_LARGEFILE
)

func init() {
	if os.Getenv(childEnv) != "" {
		// Keep main on the main thread (TID == PID) so that the opening
		// goroutine below must run on another thread, making TID != PID
		// and a swapped PID/TID detectable.
		runtime.LockOSThread()
	}
}

func TestMain(m *testing.M) {
	if path := os.Getenv(childEnv); path != "" {
		os.Exit(child(path))
	}
	os.Exit(m.Run())
}

func child(path string) int {
	type result struct {
		tid int
		err error
	}
	done := make(chan result)
	go func() {
		runtime.LockOSThread() // the TID must be the one that calls openat
		tid := syscall.Gettid()
		// Not os.OpenFile: it would add O_CLOEXEC itself and hide a missing flag.
		fd, err := syscall.Openat(atFDCWD, path, childFlags, 0)
		if err == nil {
			syscall.Close(fd)
		}
		done <- result{tid, err}
	}()
	r := <-done
	if r.err != nil {
		fmt.Fprintln(os.Stderr, "child: openat:", r.err)
		return 1
	}
	fmt.Println(r.tid)
	return 0
}

const atFDCWD = -0x64 // AT_FDCWD; the syscall package does not export it

func TestEndToEnd(t *testing.T) {
	obj := os.Getenv("TINYBPF_OBJ")
	if obj == "" {
		t.Skip("TINYBPF_OBJ is unset; set it to a BPF object to run this test (as root)")
	}

	tr, err := loader.Load(obj, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	rd, err := reader.New(tr.Events())
	if err != nil {
		t.Fatal(err)
	}

	// All events go to the test goroutine, which filters them: the child's
	// PID is only known once it has started.
	events := make(chan event.OpenEvent, 1024)
	decodeErr := make(chan error, 1) // the first one is enough to fail
	stop := make(chan struct{})
	runDone := make(chan error, 1)
	go func() {
		runDone <- rd.Run(trace.Handlers[event.OpenEvent]{
			Event: func(ev event.OpenEvent) bool {
				select {
				case events <- ev:
					return true
				case <-stop:
					return false
				}
			},
			DecodeError: func(err error) {
				select {
				case decodeErr <- err:
				default:
				}
			},
		})
	}()
	defer func() {
		close(stop)
		rd.Close()
		if err := <-runDone; err != nil {
			t.Errorf("reader: %v", err)
		}
	}()

	path := t.TempDir() + "/openat-e2e-target"
	if len(path) >= 128 {
		t.Fatalf("path %q does not fit the 128-byte filename field", path)
	}
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	waitDone := make(chan error, 1)
	go func() { waitDone <- cmd.Wait() }()

	// Wait for both the child to exit (it reports its TID) and its event.
	var (
		tid     int
		got     *event.OpenEvent
		fromPID []event.OpenEvent // for the failure message
		timeout = time.After(10 * time.Second)
	)
	for got == nil || tid == 0 {
		select {
		case err := <-waitDone:
			if err != nil {
				t.Fatalf("child: %v\n%s", err, stderr.String())
			}
			if tid, err = strconv.Atoi(strings.TrimSpace(stdout.String())); err != nil {
				t.Fatalf("child printed %q, want its TID", stdout.String())
			}
			waitDone = nil // nil channel: never selected again
		case ev := <-events:
			// The test's own WriteFile opened the same path: only the child's open counts.
			if ev.Filename == path && ev.PID == uint32(pid) {
				got = &ev
			} else if ev.PID == uint32(pid) || ev.TID == uint32(pid) {
				fromPID = append(fromPID, ev)
			}
		case err := <-decodeErr:
			t.Fatalf("a record from the ring buffer did not decode: %v", err)
		case <-timeout:
			t.Fatalf("no event with filename %q within 10s (child pid %d, tid %d); events from that pid:\n%s",
				path, pid, tid, list(fromPID))
		}
	}

	if tid == pid {
		t.Fatalf("child opened from its main thread (tid %d == pid); the test cannot tell PID from TID", tid)
	}
	want := event.OpenEvent{PID: uint32(pid), TID: uint32(tid), Flags: wantFlags, Filename: path}
	if *got != want {
		t.Fatalf("event = %+v\n   want %+v", *got, want)
	}
	t.Logf("event: %s", got.Text())
}

func list(evs []event.OpenEvent) string {
	var b strings.Builder
	for _, ev := range evs {
		fmt.Fprintf(&b, "  %+v\n", ev)
	}
	if b.Len() == 0 {
		return "  (none)\n"
	}
	return b.String()
}
