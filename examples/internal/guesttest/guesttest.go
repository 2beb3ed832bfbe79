// Package guesttest runs an example's tracer binary the way a user does and
// reads what it prints. The examples' smoke tests use it inside the QEMU
// kernel matrix (tests/kernels), where the host kernel refuses their
// programs.
package guesttest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/cilium/ebpf"
)

// DataFile is a file tests/kernels/run.sh put into the guest with --file:
// $TBPF_DATA_DIR/name. ok is false outside the kernel matrix.
func DataFile(name string) (path string, ok bool) {
	dir := os.Getenv("TBPF_DATA_DIR")
	if dir == "" {
		return "", false
	}
	return filepath.Join(dir, name), true
}

// SkipOutsideGuest skips t unless it runs inside the kernel matrix.
func SkipOutsideGuest(t *testing.T) {
	t.Helper()
	if _, ok := DataFile(""); !ok {
		t.Skip("runs inside the QEMU kernel matrix: scripts/smoke.sh")
	}
}

// StartCommand starts an example's command, put into the guest as the file
// command (EXAMPLE-CMD, see scripts/guest-smoke.sh), with -obj and the
// guest's copy of the example's BPF object named object, then args; see
// StartTracer. Outside the kernel matrix it skips t.
func StartCommand(t *testing.T, command, object string, args ...string) *Tracer {
	t.Helper()
	SkipOutsideGuest(t)
	bin, _ := DataFile(command)
	return StartTracer(t, bin, append([]string{"-obj", objectFile(object)}, args...)...)
}

// objectFile is the guest's copy of this example's BPF object named object.
// Several examples' objects share the guest's data directory, and two
// examples may name an object alike (openat.bpf.o): scripts/guest-smoke.sh
// puts them there as EXAMPLE-OBJECT, and names this test binary
// EXAMPLE-smoke.
func objectFile(object string) string {
	example := strings.TrimSuffix(filepath.Base(os.Args[0]), "-smoke")
	path, _ := DataFile(example + "-" + object)
	return path
}

// Lines are the lines of a stream (a tracer's stdout, trace_pipe), read as
// they come.
type Lines struct {
	ch chan string
}

// ReadLines starts reading r in the background.
func ReadLines(r io.Reader) *Lines {
	l := &Lines{ch: make(chan string, 4096)}
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			l.ch <- sc.Text()
		}
		close(l.ch)
	}()
	return l
}

// Tracer is a running tracer process; its Lines are what it prints on stdout.
type Tracer struct {
	*Lines
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr bytes.Buffer
	exited chan error
}

// StartTracer runs bin with args and returns once it has attached (its
// "attached" line on stderr), failing t if it exits or takes over 30 s.
func StartTracer(t *testing.T, bin string, args ...string) *Tracer {
	t.Helper()
	tr := &Tracer{cmd: exec.Command(bin, args...), exited: make(chan error, 1)}
	// stdout is a pipe of our own, not cmd.StdoutPipe: Wait closes that one
	// as soon as the tracer exits, and the lines it printed last (the -json
	// summary, printed on Ctrl+C) could still be in the pipe, unread, and be
	// lost. Ours is read to its end, after the exit too.
	stdout, stdoutW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdout.Close() })
	tr.cmd.Stdout = stdoutW
	stderr, err := tr.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	err = tr.cmd.Start()
	stdoutW.Close() // the tracer holds the write end now
	if err != nil {
		t.Fatal(err)
	}
	attached := make(chan struct{})
	stderrDone := make(chan struct{})
	go func() {
		defer close(stderrDone)
		sc := bufio.NewScanner(stderr)
		once := sync.Once{}
		for sc.Scan() {
			tr.mu.Lock()
			fmt.Fprintln(&tr.stderr, sc.Text())
			tr.mu.Unlock()
			if strings.Contains(sc.Text(), "attached") {
				once.Do(func() { close(attached) })
			}
		}
	}()
	tr.Lines = ReadLines(stdout)
	go func() {
		<-stderrDone // Wait closes the pipes: read stderr to the end first
		tr.exited <- tr.cmd.Wait()
	}()
	select {
	case <-attached:
	case err := <-tr.exited:
		t.Fatalf("tracer exited before attaching (%v); stderr:\n%s", err, tr.Stderr())
	case <-time.After(30 * time.Second):
		tr.cmd.Process.Kill()
		t.Fatalf("tracer did not attach within 30s; stderr:\n%s", tr.Stderr())
	}
	t.Cleanup(func() { tr.cmd.Process.Kill() })
	return tr
}

// Stderr is what the tracer logged so far.
func (tr *Tracer) Stderr() string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.stderr.String()
}

// WaitLines reads lines until want returns true for every one of n slots
// (want(i, line) for i < n; each line fills at most one slot) and returns the
// matching lines. It fails t after timeout, listing the last lines it saw.
func (l *Lines) WaitLines(t *testing.T, timeout time.Duration, n int, want func(i int, line string) bool) []string {
	t.Helper()
	got, found, seen, ended := l.waitLines(timeout, n, want)
	last := strings.Join(seen[max(0, len(seen)-20):], "\n")
	if ended {
		t.Fatalf("the stream ended; the last lines:\n%s", last)
	}
	if found < n {
		t.Fatalf("after %v, %d of %d expected lines among %d, the last ones:\n%s", timeout, found, n, len(seen), last)
	}
	return got
}

// waitLines is WaitLines' loop: the slots it filled, how many, the lines it
// read, and whether the stream ended first.
func (l *Lines) waitLines(timeout time.Duration, n int, want func(i int, line string) bool) ([]string, int, []string, bool) {
	got := make([]string, n)
	found := 0
	var seen []string
	deadline := time.After(timeout)
	for found < n {
		select {
		case line, ok := <-l.ch:
			if !ok {
				return got, found, seen, true
			}
			seen = append(seen, line)
			for i := range n {
				if got[i] == "" && want(i, line) {
					got[i] = line
					found++
					break
				}
			}
		case <-deadline:
			return got, found, seen, false
		}
	}
	return got, found, seen, false
}

// Interrupt sends SIGINT, as Ctrl+C does, and fails t unless the tracer exits
// with status 0 within 10 s and left no BPF program loaded in the kernel.
func (tr *Tracer) Interrupt(t *testing.T) {
	t.Helper()
	if err := tr.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-tr.exited:
		if err != nil {
			t.Fatalf("tracer after SIGINT: %v; stderr:\n%s", err, tr.Stderr())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("tracer still running 10s after SIGINT; stderr:\n%s", tr.Stderr())
	}
	// Programs are freed after an RCU grace period: give it a moment.
	var left []string
	for range 50 {
		if left = loadedPrograms(t); len(left) == 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("BPF programs still loaded after the tracer exited: %v", left)
}

// ExpectStderr fails t unless, for each regular expression, a line the
// tracer logged so far matches it.
func (tr *Tracer) ExpectStderr(t *testing.T, patterns ...string) {
	t.Helper()
	lines := strings.Split(tr.Stderr(), "\n")
	for _, p := range patterns {
		re := regexp.MustCompile(p)
		if !slices.ContainsFunc(lines, re.MatchString) {
			t.Errorf("no line of the tracer's stderr matches %s; stderr:\n%s", p, tr.Stderr())
		}
	}
}

// loadedPrograms names every BPF program in the kernel. The guest runs one
// test at a time and loads nothing itself, so after a tracer exits there
// must be none.
func loadedPrograms(t *testing.T) []string {
	var names []string
	id := ebpf.ProgramID(0)
	for {
		next, err := ebpf.ProgramGetNextID(id)
		if errors.Is(err, os.ErrNotExist) {
			return names
		}
		if err != nil {
			t.Fatalf("list BPF programs: %v", err)
		}
		id = next
		name := fmt.Sprintf("id %d", id)
		if p, err := ebpf.NewProgramFromID(id); err == nil {
			if info, err := p.Info(); err == nil {
				name += " " + info.Name
			}
			p.Close()
		}
		names = append(names, name)
	}
}

// ChildEnv, when set, makes a test binary act as the traced child (see
// RunChild); its value selects what the child does.
const ChildEnv = "TBPF_GUEST_CHILD"

// ChildComm is the command name RunChild's children give their thread, so
// that comm is a value the test knows.
const ChildComm = "tbpf-child"

// RunChild re-executes the test binary as a child process running as uid and
// gid (0: the test's own), with ChildEnv=mode, and waits for it. The child's
// TestMain must call IsChild. It returns the child's pid.
func RunChild(t *testing.T, mode string, uid uint32) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), ChildEnv+"="+mode)
	if uid != 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: uid}}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child %q: %v\n%s", mode, err, out)
	}
	return cmd.Process.Pid
}

// IsChild reports whether this process is a RunChild child, and its mode.
func IsChild() (mode string, ok bool) {
	mode = os.Getenv(ChildEnv)
	return mode, mode != ""
}

// SetComm names the calling thread ChildComm (prctl PR_SET_NAME): the name
// bpf_get_current_comm reports for what the thread does next. Call it with
// the goroutine locked to its thread.
func SetComm() error {
	name := []byte(ChildComm + "\x00")
	_, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_NAME, uintptr(unsafe.Pointer(&name[0])), 0)
	if errno != 0 {
		return errno
	}
	return nil
}

// TimeRE matches the RFC3339 UTC time a tracer line starts with.
const TimeRE = `\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`

// TempFile creates the empty file /tmp/NAME-PID, readable by everyone (a
// child may run as another uid), and removes it when the test ends.
func TempFile(t *testing.T, name string) string {
	t.Helper()
	path := fmt.Sprintf("/tmp/%s-%d", name, os.Getpid())
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(path) })
	return path
}

// expectWait is how long Expect and ExpectOrNone wait: 30 s in the guests
// (see Expect); the package's own test shortens it.
var expectWait = 30 * time.Second

// Expect waits up to 30 s for one line matching each regular expression (in
// any order; a line fills at most one), prints the lines as "LABEL: line" so
// the guest's log keeps them, and returns them in the order of patterns.
func (l *Lines) Expect(t *testing.T, label string, patterns ...string) []string {
	t.Helper()
	res := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		res[i] = regexp.MustCompile(p)
	}
	// 30 s: an arm64 guest under TCG on a loaded 2-core host once took over
	// 10 s to print its first events (the wait ends as soon as they come).
	lines := l.WaitLines(t, expectWait, len(res), func(i int, line string) bool { return res[i].MatchString(line) })
	for _, line := range lines {
		fmt.Printf("%s: %s\n", label, line)
	}
	return lines
}

// retryOut takes ExpectOrNone's RETRY lines: the guest's log, which
// tests/run.sh lists in its digest. TestExpectOrNone reads its own there, so
// that the suite's digest lists only retries that happened.
var retryOut io.Writer = os.Stdout

// ExpectOrNone is Expect for a workload the caller can run again: when in
// 30 s not one of the lines came, it prints a RETRY line saying so (the guest's
// log keeps it) and returns false, and the caller runs the workload once more
// and calls Expect, which fails as usual. Some lines but not all, or the stream
// ending, fail t at once, as in Expect.
func (l *Lines) ExpectOrNone(t *testing.T, label string, patterns ...string) ([]string, bool) {
	t.Helper()
	res := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		res[i] = regexp.MustCompile(p)
	}
	got, found, seen, ended := l.waitLines(expectWait, len(res), func(i int, line string) bool { return res[i].MatchString(line) })
	last := strings.Join(seen[max(0, len(seen)-20):], "\n")
	switch {
	case ended:
		t.Fatalf("the stream ended; the last lines:\n%s", last)
	case found == 0:
		fmt.Fprintf(retryOut, "RETRY %s: after %v, none of %d expected lines among %d; the workload runs once more\n",
			label, expectWait, len(res), len(seen))
		return nil, false
	case found < len(res):
		t.Fatalf("after %v, %d of %d expected lines among %d, the last ones:\n%s", expectWait, found, len(res), len(seen), last)
	}
	for _, line := range got {
		fmt.Printf("%s: %s\n", label, line)
	}
	return got, true
}

// KernelAtLeast reports whether the running kernel (uname -r) is at least
// major.minor.
func KernelAtLeast(major, minor int) bool {
	var u syscall.Utsname
	if err := syscall.Uname(&u); err != nil {
		return false
	}
	var release []byte
	for _, c := range u.Release {
		if c == 0 {
			break
		}
		release = append(release, byte(c))
	}
	var have, haveMinor int
	fmt.Sscanf(string(release), "%d.%d", &have, &haveMinor)
	return have > major || have == major && haveMinor >= minor
}

// NoTrampolines says why fentry/fexit programs cannot attach on this kernel,
// if they cannot: BPF trampolines attach through ftrace's direct calls, which
// arm64 has since 6.4; before, the attach fails with ENOTSUPP ("not
// supported"), as the arm64 6.1 guest shows.
func NoTrampolines() (reason string, ok bool) {
	if runtime.GOARCH == "arm64" && !KernelAtLeast(6, 4) {
		return "fentry/fexit cannot attach: arm64 kernels before 6.4 have no ftrace direct calls", true
	}
	return "", false
}

// ExpectRefusal runs an example's command as StartCommand does and fails t
// unless it exits with a non-zero status within 30 s, before attaching, with a
// stderr line matching re. It then prints "TBPF-UNSUPPORTED reason", which
// tests/kernels/run.sh records: the test passed by proving that this kernel
// refuses the feature as documented, not by using it.
func ExpectRefusal(t *testing.T, command, object, re, reason string, args ...string) {
	t.Helper()
	SkipOutsideGuest(t)
	bin, _ := DataFile(command)
	cmd := exec.Command(bin, append([]string{"-obj", objectFile(object)}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("%s still running after 30s; this kernel should refuse it (%s); stderr:\n%s", command, reason, stderr.String())
	}
	if err == nil {
		t.Fatalf("%s exited 0; this kernel should refuse it (%s); stderr:\n%s", command, reason, stderr.String())
	}
	lines := strings.Split(stderr.String(), "\n")
	if !slices.ContainsFunc(lines, regexp.MustCompile(re).MatchString) {
		t.Fatalf("%s failed (%v), but no stderr line matches %s; stderr:\n%s", command, err, re, stderr.String())
	}
	fmt.Printf("%s: refused as expected: %s", command, stderr.String())
	fmt.Printf("TBPF-UNSUPPORTED %s\n", reason)
}
