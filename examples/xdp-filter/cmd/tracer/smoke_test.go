package main

import (
	"fmt"
	"net"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tinybpf/tinybpf/examples/internal/guesttest"
	"github.com/tinybpf/tinybpf/examples/xdp-filter/internal/filter"
)

// TestTestRunInGuest runs in the kernel matrix (tests/kernels/suite.sh):
// BPF_PROG_TEST_RUN on crafted frames (filter.TestRun).
func TestTestRunInGuest(t *testing.T) {
	guesttest.SkipOutsideGuest(t)
	obj, _ := guesttest.DataFile("xdp-filter-filter.bpf.o")
	if err := filter.TestRun(obj, t.Logf); err != nil {
		t.Error(err)
	}
}

// TestTracerInGuest runs in the kernel matrix, where there is no veth (a
// module; the guests load none): in a network namespace of its own, the
// tracer attaches to lo (generic XDP) blocking 127.0.0.3; 5 UDP echoes from
// 127.0.0.1 get their replies, 5 from 127.0.0.3 none, and the tracer counts
// exactly 5 drops.
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
	srv, err := net.ListenPacket("udp", "127.0.0.1:7007")
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
	tr := guesttest.StartCommand(t, "xdp-filter-tracer", "filter.bpf.o", "-iface", "lo", "-block", "127.0.0.3")
	if got := echoes(t, "127.0.0.1", 5, 5*time.Second); got != 5 {
		t.Errorf("from 127.0.0.1: %d replies of 5", got)
	}
	if got := echoes(t, "127.0.0.3", 5, 300*time.Millisecond); got != 0 {
		t.Errorf("from 127.0.0.3 (blocked): %d replies of 5", got)
	}
	tr.Interrupt(t)
	lines := tr.Expect(t, "tracer printed", `^dropped 5 packets from 127\.0\.0\.3$`, `^passed [0-9]+ packets$`)
	// Each of the 5 allowed datagrams and its reply crossed lo.
	if n, _ := strconv.Atoi(lines[1][len("passed ") : len(lines[1])-len(" packets")]); n < 10 {
		t.Errorf("passed %d packets, want at least 10", n)
	}
	tr.ExpectStderr(t, `^tracer: attached to xdp on lo, blocking 127\.0\.0\.3; Ctrl\+C to stop$`, `^tracer: detached from lo$`)
}

// echoes sends n datagrams from src to 127.0.0.1:7007, each waiting up to
// timeout for its echo, and returns the echoes received.
func echoes(t *testing.T, src string, n int, timeout time.Duration) int {
	t.Helper()
	c, err := net.DialUDP("udp", &net.UDPAddr{IP: net.ParseIP(src)}, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 7007})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got := 0
	for i := range n {
		msg := fmt.Sprintf("ping %d", i)
		if _, err := c.Write([]byte(msg)); err != nil {
			t.Fatal(err)
		}
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
