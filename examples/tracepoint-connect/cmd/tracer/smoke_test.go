package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tinybpf/tinybpf/examples/internal/guesttest"
)

func TestMain(m *testing.M) {
	if path, ok := guesttest.IsChild(); ok {
		if err := child(path); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// child, on one thread: moves into a network namespace of its own, brings its
// loopback up, listens on 127.0.0.1:7007 and [::1]:7007, writes the thread's
// id into path.tid, then connects to 127.0.0.1:7007 (0), 127.0.0.1:7009
// (nobody listens: ECONNREFUSED) and [::1]:7007 (0) with blocking sockets.
func child(path string) error {
	runtime.LockOSThread() // the namespace and the comm are the thread's; never unlocked
	if err := syscall.Unshare(syscall.CLONE_NEWNET); err != nil {
		return fmt.Errorf("unshare: %w", err)
	}
	if err := loopbackUp(); err != nil {
		return err
	}
	lo4 := &syscall.SockaddrInet4{Port: 7007, Addr: [4]byte{127, 0, 0, 1}}
	lo6 := &syscall.SockaddrInet6{Port: 7007, Addr: [16]byte{15: 1}}
	for _, sa := range []syscall.Sockaddr{lo4, lo6} {
		if _, err := socket(sa, true); err != nil {
			return err
		}
	}
	if err := guesttest.SetComm(); err != nil {
		return err
	}
	if err := os.WriteFile(path+".tid", []byte(strconv.Itoa(syscall.Gettid())), 0o644); err != nil {
		return err
	}
	refused := &syscall.SockaddrInet4{Port: 7009, Addr: [4]byte{127, 0, 0, 1}}
	for _, c := range []struct {
		sa   syscall.Sockaddr
		want error
	}{{lo4, nil}, {refused, syscall.ECONNREFUSED}, {lo6, nil}} {
		if _, err := socket(c.sa, false); !errors.Is(err, c.want) && err != c.want {
			return fmt.Errorf("connect %+v: %v, want %v", c.sa, err, c.want)
		}
	}
	return nil
}

// socket makes a TCP socket of sa's family and listens on sa, or connects to it.
func socket(sa syscall.Sockaddr, listen bool) (int, error) {
	family := syscall.AF_INET
	if _, ok := sa.(*syscall.SockaddrInet6); ok {
		family = syscall.AF_INET6
	}
	fd, err := syscall.Socket(family, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	if !listen {
		err = syscall.Connect(fd, sa)
		syscall.Close(fd)
		return -1, err
	}
	if err := syscall.Bind(fd, sa); err != nil {
		return -1, fmt.Errorf("bind %+v: %w", sa, err)
	}
	return fd, syscall.Listen(fd, 8)
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
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr); err != nil {
		return fmt.Errorf("lo up: %w", err)
	}
	return nil
}

// TestTracerInGuest runs in the kernel matrix (tests/kernels/suite.sh): the
// tracer must print the child's three connects with its pid, its thread's
// id, its comm, the addresses, the ports in host order and the results.
func TestTracerInGuest(t *testing.T) {
	tr := guesttest.StartCommand(t, "tracepoint-connect-tracer", "connect.bpf.o")
	path := guesttest.TempFile(t, "tracepoint-connect")
	t.Cleanup(func() { os.Remove(path + ".tid") })
	// The child's three connects, as the tracer must print them.
	connects := func() []string {
		pid := guesttest.RunChild(t, path, 0)
		tid, err := os.ReadFile(path + ".tid")
		if err != nil {
			t.Fatal(err)
		}
		who := fmt.Sprintf(`^%s pid=%d tid=%s comm=%s `, guesttest.TimeRE, pid, tid, guesttest.ChildComm)
		return []string{
			who + `addr=127\.0\.0\.1 port=7007 ret=0$`,
			who + `addr=127\.0\.0\.1 port=7009 ret=-111 \(ECONNREFUSED\)$`,
			who + `addr=::1 port=7007 ret=0$`,
		}
	}
	// Once, in CI on the 6.1-arm64 guest, the tracer printed none of the
	// three in 30 s, though attached; not reproduced since (nor with the child
	// on its first thread, which sdk_contexts_cilium found missed on arm64), its
	// cause unknown. A child that gets none printed runs once more, said in the
	// log (RETRY); a second miss, or some lines but not all, fails.
	if _, ok := tr.ExpectOrNone(t, "tracer printed", connects()...); !ok {
		tr.Expect(t, "tracer printed", connects()...)
	}
	tr.Interrupt(t)
	tr.ExpectStderr(t, `^tracer: attached to tracepoints syscalls/sys_enter_connect and sys_exit_connect; Ctrl\+C to stop$`,
		`^tracer: detached; [1-9][0-9]* events printed, 0 lost$`)
}
