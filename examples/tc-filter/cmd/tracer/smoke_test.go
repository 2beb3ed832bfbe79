package main

import (
	"fmt"
	"net"
	"runtime"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tinybpf/tinybpf/examples/internal/guesttest"
	"github.com/tinybpf/tinybpf/examples/tc-filter/internal/filter"
)

// TestTestRunInGuest runs in the kernel matrix (tests/kernels/suite.sh), on
// every kernel (a test run needs no attach): BPF_PROG_TEST_RUN on crafted
// frames (filter.TestRun).
func TestTestRunInGuest(t *testing.T) {
	guesttest.SkipOutsideGuest(t)
	obj, _ := guesttest.DataFile("tc-filter-filter.bpf.o")
	if err := filter.TestRun(obj, t.Logf); err != nil {
		t.Error(err)
	}
}

// TestTracerInGuest runs in the kernel matrix (tests/kernels/suite.sh). The
// guests load no modules, so there is neither veth nor clsact (sch_ingress,
// cls_bpf): the test uses lo, in a network namespace of its own, and tcx
// links, built in since 6.6. On an older kernel it checks that -attach tcx is
// refused with "not supported". With tcx, blocking port 7007 on ingress and
// then on egress: 5 UDP datagrams to 7007 get no echo and are counted in that
// direction only; 5 to 7008 get theirs.
func TestTracerInGuest(t *testing.T) {
	guesttest.SkipOutsideGuest(t)
	// The namespace is this thread's, and the tracer's, which is forked from
	// it. The thread is never unlocked: it ends with the test.
	runtime.LockOSThread()
	if err := syscall.Unshare(syscall.CLONE_NEWNET); err != nil {
		t.Fatal(err)
	}
	if err := loopbackUp(); err != nil {
		t.Fatal(err)
	}
	if !guesttest.KernelAtLeast(6, 6) {
		guesttest.ExpectRefusal(t, "tc-filter-tracer", "filter.bpf.o", `^tracer: attach to lo with tcx: .*not supported`,
			"tcx links are in kernels since 6.6 (clsact, the fallback, is a module the guests do not load)",
			"-iface", "lo", "-port", "7007", "-attach", "tcx")
		return
	}
	for _, port := range []int{7007, 7008} {
		srv, err := net.ListenPacket("udp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		go func() {
			buf := make([]byte, 64)
			for {
				n, from, err := srv.ReadFrom(buf)
				if err != nil {
					return
				}
				srv.WriteTo(buf[:n], from)
			}
		}()
	}
	for _, dir := range []string{"ingress", "egress"} {
		tr := guesttest.StartCommand(t, "tc-filter-tracer", "filter.bpf.o", "-iface", "lo", "-port", "7007", "-direction", dir)
		if got := echoes(7008, 5*time.Second); got != 5 {
			t.Errorf("%s: to 7008: %d replies of 5", dir, got)
		}
		if got := echoes(7007, 300*time.Millisecond); got != 0 {
			t.Errorf("%s: to 7007 (blocked): %d replies of 5", dir, got)
		}
		tr.Interrupt(t)
		want := map[string]string{"ingress": "dropped 5 ingress, 0 egress", "egress": "dropped 0 ingress, 5 egress"}[dir]
		tr.Expect(t, "tracer printed", `^port 7007: `+want+`$`)
		tr.ExpectStderr(t, `^tracer: attached to lo `+dir+` with tcx, dropping ports 7007; Ctrl\+C to stop$`)
	}
}

// echoes sends 5 datagrams to 127.0.0.1:port, each waiting up to timeout
// for its echo, and returns the echoes received. A send the egress program
// drops is not an error for UDP: it only has no echo.
func echoes(port int, timeout time.Duration) int {
	c, err := net.Dial("udp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return 0
	}
	defer c.Close()
	got := 0
	for i := range 5 {
		msg := fmt.Sprintf("ping %d", i)
		c.Write([]byte(msg))
		c.SetReadDeadline(time.Now().Add(timeout))
		buf := make([]byte, 64)
		if m, err := c.Read(buf); err == nil && string(buf[:m]) == msg {
			got++
		}
	}
	return got
}

// loopbackUp sets IFF_UP on this namespace's lo.
func loopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return fmt.Errorf("lo flags: %w", err)
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	return unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr)
}
