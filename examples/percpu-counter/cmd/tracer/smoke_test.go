package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/tinybpf/tinybpf/examples/internal/guesttest"
)

// possibleCPUs is how many per-CPU values cilium/ebpf reads: the possible
// CPUs, "0-N" in sysfs.
func possibleCPUs(t *testing.T) int {
	b, err := os.ReadFile("/sys/devices/system/cpu/possible")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.TrimSpace(string(b))
	last, err := strconv.Atoi(s[strings.LastIndexAny(s, "-,")+1:])
	if err != nil {
		t.Fatalf("/sys/devices/system/cpu/possible: %q", s)
	}
	return last + 1
}

// pinnedCalls pins a thread to each CPU in turn and calls getppid(2)
// 100*(cpu+1) times there; it returns how many calls it made on each CPU
// (0 on CPUs it could not run on). The thread is not given back to Go: its
// affinity changed, so it ends with the goroutine.
func pinnedCalls(t *testing.T, ncpu int) []uint64 {
	type result struct {
		calls []uint64
		err   error
	}
	done := make(chan result)
	go func() {
		runtime.LockOSThread()
		calls := make([]uint64, ncpu)
		for cpu := range ncpu {
			var set unix.CPUSet
			set.Set(cpu)
			if unix.SchedSetaffinity(0, &set) != nil {
				continue // an offline CPU
			}
			n := 100 * (cpu + 1)
			for range n {
				syscall.RawSyscall(syscall.SYS_GETPPID, 0, 0, 0)
			}
			var on uint32
			if _, _, e := syscall.RawSyscall(unix.SYS_GETCPU, uintptr(unsafe.Pointer(&on)), 0, 0); e != 0 || int(on) != cpu {
				done <- result{err: fmt.Errorf("pinned to CPU %d, running on %d (%v)", cpu, on, e)}
				return
			}
			calls[cpu] = uint64(n)
		}
		done <- result{calls: calls}
	}()
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.calls
}

// TestCounterInGuest runs in the kernel matrix (tests/kernels/suite.sh): this
// test process calls getppid a different, known number of times on each CPU;
// the tracer, filtering on its pid, must print exactly those counts and their
// sum.
func TestCounterInGuest(t *testing.T) {
	tr := guesttest.StartCommand(t, "percpu-counter-tracer", "counter.bpf.o",
		"-syscall", "getppid", "-pid", strconv.Itoa(os.Getpid()))
	ncpu := possibleCPUs(t)
	if ncpu < 2 {
		t.Fatalf("%d possible CPU: the test needs two or more", ncpu)
	}
	calls := pinnedCalls(t, ncpu)
	var want strings.Builder
	var total uint64
	for cpu, n := range calls {
		fmt.Fprintf(&want, "cpu%d=%d ", cpu, n)
		total += n
	}
	fmt.Fprintf(&want, "total=%d", total)
	t.Logf("made: %s", want.String())
	tr.Interrupt(t)
	tr.Expect(t, "the counts", fmt.Sprintf(`^%s %s$`, guesttest.TimeRE, want.String()))
	tr.ExpectStderr(t, `^tracer: attached to tracepoint syscalls/sys_enter_getppid; Ctrl\+C to stop$`, `^tracer: detached$`)
}
