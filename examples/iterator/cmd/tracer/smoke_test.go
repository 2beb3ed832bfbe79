package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/tinybpf/tinybpf/examples/internal/guesttest"
	"github.com/tinybpf/tinybpf/examples/iterator/internal/task"
)

// namedThreads starts one thread per name, each naming itself (the task's
// comm), and returns their thread ids; they block until stop is closed, then
// end with their goroutines.
func namedThreads(t *testing.T, stop chan struct{}, names ...string) map[int32]string {
	type named struct {
		tid int32
		err error
	}
	ready := make(chan named)
	for _, name := range names {
		go func() {
			runtime.LockOSThread()
			cname := append([]byte(name), 0)
			err := unix.Prctl(unix.PR_SET_NAME, uintptr(unsafe.Pointer(&cname[0])), 0, 0, 0)
			ready <- named{int32(syscall.Gettid()), err}
			<-stop
		}()
	}
	tids := map[int32]string{}
	for _, name := range names {
		n := <-ready
		if n.err != nil {
			t.Fatalf("name a thread %s: %v", name, n.err)
		}
		tids[n.tid] = ""
	}
	// Which thread has which name: as the kernel says in /proc.
	for tid := range tids {
		b, err := os.ReadFile("/proc/self/task/" + strconv.Itoa(int(tid)) + "/comm")
		if err != nil {
			t.Fatal(err)
		}
		tids[tid] = strings.TrimSpace(string(b))
	}
	return tids
}

// threadIDs lists /proc/self/task.
func threadIDs(t *testing.T) map[int32]bool {
	entries, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[int32]bool{}
	for _, e := range entries {
		id, _ := strconv.Atoi(e.Name())
		ids[int32(id)] = true
	}
	return ids
}

// TestIteratorInGuest runs in the kernel matrix (tests/kernels/suite.sh): the
// tracer, with -pid of this test process, must list this process's main
// thread (its parent and name as /proc gives them) and two threads that named
// themselves, and only threads of this process.
func TestIteratorInGuest(t *testing.T) {
	guesttest.SkipOutsideGuest(t)
	bin, _ := guesttest.DataFile("iterator-tracer")
	obj, _ := guesttest.DataFile("iterator-tasks.bpf.o")
	stop := make(chan struct{})
	defer close(stop)
	workers := namedThreads(t, stop, "itg-worker-1", "itg-worker-2")
	before := threadIDs(t)
	pid := int32(os.Getpid())

	cmd := exec.Command(bin, "-obj", obj, "-json", "-pid", strconv.Itoa(int(pid)))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tracer: %v\n%s", err, stderr.String())
	}
	after := threadIDs(t)
	got := map[int32]task.Task{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var tk task.Task
		if err := json.Unmarshal(sc.Bytes(), &tk); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		got[tk.Tid] = tk
	}
	t.Logf("tracer listed %d threads of pid %d; stderr: %s", len(got), pid, strings.TrimSpace(stderr.String()))

	comm, err := os.ReadFile("/proc/self/comm")
	if err != nil {
		t.Fatal(err)
	}
	want := map[int32]task.Task{pid: {Tgid: pid, Tid: pid, Ppid: int32(os.Getppid()), Comm: strings.TrimSpace(string(comm))}}
	for tid, name := range workers {
		want[tid] = task.Task{Tgid: pid, Tid: tid, Ppid: int32(os.Getppid()), Comm: name}
	}
	for tid, w := range want {
		if got[tid] != w {
			t.Errorf("thread %d: listed %+v, want %+v", tid, got[tid], w)
		}
	}
	// Every thread that lived through the read, and no other.
	for tid := range before {
		if _, ok := got[tid]; !ok && after[tid] {
			t.Errorf("thread %d of this process is not listed", tid)
		}
	}
	for tid, tk := range got {
		if tk.Tgid != pid || !(before[tid] || after[tid]) {
			t.Errorf("listed %+v: not a thread of this process", tk)
		}
	}
	if want := "tracer: listed " + strconv.Itoa(len(got)) + " of the tasks the iterator walked\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
}

// TestIteratorInitInGuest: without -pid, the guest's init (pid 1, its name
// as /proc gives it, parent 0) and kthreadd (pid 2) are listed. (On the
// tests' host, a sandbox, pid 1 is not among the tasks the iterator walks:
// scripts/smoke.sh checks kthreadd there.)
func TestIteratorInitInGuest(t *testing.T) {
	guesttest.SkipOutsideGuest(t)
	bin, _ := guesttest.DataFile("iterator-tracer")
	obj, _ := guesttest.DataFile("iterator-tasks.bpf.o")
	out, err := exec.Command(bin, "-obj", obj, "-json").Output()
	if err != nil {
		t.Fatalf("tracer: %v", err)
	}
	comm, err := os.ReadFile("/proc/1/comm")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []task.Task{
		{Tgid: 1, Tid: 1, Ppid: 0, Comm: strings.TrimSpace(string(comm))},
		{Tgid: 2, Tid: 2, Ppid: 0, Comm: "kthreadd"},
	} {
		b, _ := json.Marshal(want)
		if !bytes.Contains(out, append(append([]byte("\n"), b...), '\n')) && !bytes.HasPrefix(out, append(b, '\n')) {
			t.Errorf("no line %s among the %d listed", b, bytes.Count(out, []byte("\n")))
		}
	}
}
