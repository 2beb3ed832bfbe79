package loader_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/opensnoop/internal/event"
	"github.com/tinybpf/tinybpf/examples/opensnoop/internal/loader"
	"github.com/tinybpf/tinybpf/examples/opensnoop/internal/reader"
)

// scripts/smoke.sh compares this opensnoop with libbpf-tools' on
// single-threaded processes. This test opens from threads of its own process
// other than the main one, whose thread ids differ from the process id: -p
// must match the process, -t the thread, and the PID column must show the
// process. smoke.sh sets the object's path.
const objEnv = "TINYBPF_OPENSNOOP_OBJ"

func init() {
	// The main goroutine keeps the main thread (tid == pid), so every
	// thread that opens below has a tid other than the pid.
	runtime.LockOSThread()
}

// thread is a goroutine on an OS thread of its own that opens files on request.
type thread struct {
	tid  int
	comm string
	open chan string
	done chan int32 // the fd, or -errno
}

func startThread(t *testing.T) *thread {
	th := &thread{open: make(chan string), done: make(chan int32)}
	ready := make(chan struct{})
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
		comm, _ := os.ReadFile("/proc/thread-self/comm")
		th.tid, th.comm = syscall.Gettid(), strings.TrimSpace(string(comm))
		close(ready)
		for path := range th.open {
			// Not os.Open, which may retry or add flags.
			fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
			if err != nil {
				th.done <- -int32(err.(syscall.Errno))
				continue
			}
			syscall.Close(fd)
			th.done <- int32(fd)
		}
	}()
	<-ready
	t.Cleanup(func() { close(th.open) })
	if th.tid == os.Getpid() {
		t.Fatal("an opening thread is the main thread; the test cannot tell pid from tid")
	}
	return th
}

// openFile opens path in the thread and returns the event it must cause.
func (th *thread) openFile(path string) event.Open {
	th.open <- path
	return event.Open{Pid: uint32(os.Getpid()), Ret: <-th.done, Flags: syscall.O_CLOEXEC, Comm: th.comm, Path: path}
}

// traceOpens loads the object with f and returns the events of this process.
func traceOpens(t *testing.T, f loader.Filters) <-chan event.Open {
	obj := os.Getenv(objEnv)
	if obj == "" {
		t.Skipf("%s is unset; scripts/smoke.sh sets it to the built object (needs root)", objEnv)
	}
	tr, _, err := loader.Load(obj, f)
	if err != nil {
		t.Fatal(err)
	}
	rd, err := reader.New(tr.Events())
	if err != nil {
		tr.Close()
		t.Fatal(err)
	}
	events := make(chan event.Open, 4096)
	runDone := make(chan error)
	go func() {
		runDone <- rd.Run(trace.Handlers[event.Open]{
			Event: func(ev event.Open) bool {
				if ev.Pid == uint32(os.Getpid()) {
					events <- ev
				}
				return true
			},
			Lost:        func(cpu int, n uint64) { t.Errorf("lost %d events on CPU %d", n, cpu) },
			DecodeError: func(err error) { t.Error(err) },
		})
	}()
	t.Cleanup(func() {
		rd.Close()
		if err := <-runDone; err != nil {
			t.Error(err)
		}
		tr.Close()
	})
	return events
}

// await returns the event of path, and the events of other paths before it.
func await(t *testing.T, events <-chan event.Open, path string) (event.Open, []event.Open) {
	t.Helper()
	var others []event.Open
	timeout := time.After(5 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Path == path {
				return ev, others
			}
			others = append(others, ev)
		case <-timeout:
			t.Fatalf("no event for %s within 5s; others: %+v", path, others)
		}
	}
}

func files(t *testing.T) (exists, missing string) {
	dir := t.TempDir()
	exists, missing = filepath.Join(dir, "exists"), filepath.Join(dir, "missing")
	if err := os.WriteFile(exists, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return exists, missing
}

func TestProcessFilterReportsTheProcess(t *testing.T) {
	exists, missing := files(t)
	a, b := startThread(t), startThread(t)
	events := traceOpens(t, loader.Filters{TGID: uint32(os.Getpid()), UID: loader.AnyUID})

	for _, tc := range []struct {
		th   *thread
		path string
	}{{a, exists}, {b, missing}} {
		want := tc.th.openFile(tc.path)
		got, _ := await(t, events, tc.path)
		if got != want {
			t.Errorf("thread %d: event %+v\n  want %+v", tc.th.tid, got, want)
		}
	}
}

func TestThreadFilterKeepsOneThread(t *testing.T) {
	exists, missing := files(t)
	kept, other := startThread(t), startThread(t)
	events := traceOpens(t, loader.Filters{PID: uint32(kept.tid), UID: loader.AnyUID})

	other.openFile(missing) // first, so that it would arrive first
	want := kept.openFile(exists)
	got, before := await(t, events, exists)
	if got != want {
		t.Errorf("event %+v\n  want %+v", got, want)
	}
	// Per-CPU buffers do not keep order across CPUs: give a stray event a moment.
	time.Sleep(200 * time.Millisecond)
	for len(events) > 0 {
		before = append(before, <-events)
	}
	for _, ev := range before {
		if ev.Path == missing {
			t.Errorf("thread %d is filtered out, but its open came through: %+v", other.tid, ev)
		}
	}
}
