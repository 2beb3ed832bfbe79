package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/tinybpf/tinybpf/examples/internal/guesttest"
)

// init keeps the main goroutine on the process's first thread, whose id is
// the process id, so that namedThread's thread is another one.
func init() { runtime.LockOSThread() }

// noKfuncRE is the tracer's line on kernels before 6.2 (loader.CheckKernel).
const noKfuncRE = `^tracer: this kernel \(\S+\) has no kfunc bpf_task_from_pid: bpf_task_from_pid and bpf_task_release came in Linux 6\.2$`

// TestTracerInGuest runs in the kernel matrix (scripts/smoke.sh,
// tests/kernels/suite.sh). A thread of this test, named by the test, is
// looked up by its thread id: the tracer must print this process's id as its
// tgid, this process's parent as its ppid and the thread's name; the main
// thread, by the process id, with the name procfs gives; an id above the
// kernel's pid_max, which no task can have, must be reported as not found.
// On kernels before 6.2 the tracer must refuse with its message instead.
func TestTracerInGuest(t *testing.T) {
	if !guesttest.KernelAtLeast(6, 2) {
		guesttest.ExpectRefusal(t, "kfunc-task-tracer", "task.bpf.o", noKfuncRE,
			"the kfunc bpf_task_from_pid is not in kernels before 6.2", "-pid", strconv.Itoa(os.Getpid()))
		return
	}
	guesttest.SkipOutsideGuest(t)
	bin, _ := guesttest.DataFile("kfunc-task-tracer")
	obj, _ := guesttest.DataFile("kfunc-task-task.bpf.o")

	pid, ppid := os.Getpid(), os.Getppid()
	mainComm := readTrim(t, fmt.Sprintf("/proc/%d/comm", pid))
	tid := namedThread(t)
	if tid == pid {
		t.Fatalf("the named thread is the main thread (%d): its tgid would prove nothing", tid)
	}
	absent := readTrim(t, "/proc/sys/kernel/pid_max")
	n, err := strconv.Atoi(absent)
	if err != nil {
		t.Fatalf("pid_max %q: %v", absent, err)
	}
	absent = strconv.Itoa(n + 1)

	stdout, stderr, err := runTracer(bin, "-obj", obj, "-pid", strconv.Itoa(tid), "-pid", strconv.Itoa(pid), "-pid", absent)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("tracer: %v, want exit status 1 (one task not found); stderr:\n%s", err, stderr)
	}
	expectLines(t, "stdout", stdout,
		fmt.Sprintf(`^pid=%d tgid=%d ppid=%d comm=%s$`, tid, pid, ppid, guesttest.ChildComm),
		fmt.Sprintf(`^pid=%d tgid=%d ppid=%d comm=%s$`, pid, pid, ppid, regexp.QuoteMeta(mainComm)))
	expectLines(t, "stderr", stderr,
		fmt.Sprintf(`^tracer: %s: no task has this id$`, absent),
		`^tracer: 1 of 3 tasks not found$`)

	stdout, stderr, err = runTracer(bin, "-obj", obj, "-json", "-pid", strconv.Itoa(tid))
	if err != nil {
		t.Fatalf("tracer -json: %v; stderr:\n%s", err, stderr)
	}
	expectLines(t, "stdout", stdout,
		fmt.Sprintf(`^\{"pid":%d,"tgid":%d,"ppid":%d,"comm":"%s"\}$`, tid, pid, ppid, guesttest.ChildComm))
}

// namedThread starts a thread named guesttest.ChildComm that lives until the
// test ends, and returns its id.
func namedThread(t *testing.T) int {
	t.Helper()
	ready := make(chan int)
	errc := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread() // never unlocked: the thread exits with the goroutine
		if err := guesttest.SetComm(); err != nil {
			errc <- err
			return
		}
		ready <- syscall.Gettid()
		<-done
	}()
	t.Cleanup(func() { close(done) })
	select {
	case tid := <-ready:
		return tid
	case err := <-errc:
		t.Fatalf("name the thread: %v", err)
	}
	return 0
}

func readTrim(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// runTracer runs the tracer to its end.
func runTracer(bin string, args ...string) (stdout, stderr string, err error) {
	var o, e bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	fmt.Printf("kfunc-task: %s %s\n%s%s", bin, strings.Join(args, " "), o.String(), e.String())
	return o.String(), e.String(), err
}

// expectLines fails t unless each pattern matches a line of out, and every
// line of out is matched by one of them.
func expectLines(t *testing.T, what, out string, patterns ...string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(patterns) {
		t.Errorf("%s has %d lines, want %d:\n%s", what, len(lines), len(patterns), out)
	}
	for _, p := range patterns {
		re := regexp.MustCompile(p)
		found := false
		for _, l := range lines {
			found = found || re.MatchString(l)
		}
		if !found {
			t.Errorf("no line of %s matches %s:\n%s", what, p, out)
		}
	}
}
