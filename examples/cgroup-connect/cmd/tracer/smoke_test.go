package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tinybpf/tinybpf/examples/internal/guesttest"
)

func TestMain(m *testing.M) {
	if mode, ok := guesttest.IsChild(); ok {
		if err := child(mode); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// child runs with mode "in CGROUP" or "out". "in" first moves the process
// into the cgroup v2 directory CGROUP. Then, on one thread, in a network
// namespace of its own with its loopback up and listeners on port 7007 (IPv4
// and IPv6) and 7008, it connects to 127.0.0.1:7007, [::1]:7007 and
// 127.0.0.1:7008: "in" must get EPERM, EPERM, success; "out" success for all.
func child(mode string) error {
	in := strings.HasPrefix(mode, "in ")
	if in {
		procs := filepath.Join(strings.TrimPrefix(mode, "in "), "cgroup.procs")
		if err := os.WriteFile(procs, []byte(strconv.Itoa(os.Getpid())), 0); err != nil {
			return err
		}
	}
	runtime.LockOSThread() // the namespace is the thread's; never unlocked
	if err := syscall.Unshare(syscall.CLONE_NEWNET); err != nil {
		return fmt.Errorf("unshare: %w", err)
	}
	if err := loopbackUp(); err != nil {
		return err
	}
	v4 := &syscall.SockaddrInet4{Port: 7007, Addr: [4]byte{127, 0, 0, 1}}
	v6 := &syscall.SockaddrInet6{Port: 7007, Addr: [16]byte{15: 1}}
	other := &syscall.SockaddrInet4{Port: 7008, Addr: [4]byte{127, 0, 0, 1}}
	for _, sa := range []syscall.Sockaddr{v4, v6, other} {
		if err := socket(sa, true); err != nil {
			return err
		}
	}
	var refused error
	if in {
		refused = syscall.EPERM
	}
	for _, c := range []struct {
		sa   syscall.Sockaddr
		want error
	}{{v4, refused}, {v6, refused}, {other, nil}} {
		if err := socket(c.sa, false); !errors.Is(err, c.want) && err != c.want {
			return fmt.Errorf("%s: connect %+v: %v, want %v", mode, c.sa, err, c.want)
		}
	}
	return nil
}

// socket makes a TCP socket of sa's family and listens on sa (left open), or
// connects to it.
func socket(sa syscall.Sockaddr, listen bool) error {
	family := syscall.AF_INET
	if _, ok := sa.(*syscall.SockaddrInet6); ok {
		family = syscall.AF_INET6
	}
	fd, err := syscall.Socket(family, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	if !listen {
		defer syscall.Close(fd)
		return syscall.Connect(fd, sa)
	}
	if err := syscall.Bind(fd, sa); err != nil {
		return fmt.Errorf("bind %+v: %w", sa, err)
	}
	return syscall.Listen(fd, 8)
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

// cgroup2 is a new cgroup v2 directory of the test's, under the mounted
// cgroup2 or, if there is none (the guests), one the test mounts; both go
// when the test ends.
func cgroup2(t *testing.T) string {
	t.Helper()
	root := ""
	f, err := os.Open("/proc/mounts")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) > 2 && fields[2] == "cgroup2" {
			root = fields[1]
			break
		}
	}
	f.Close()
	if root == "" {
		root = t.TempDir()
		if err := unix.Mount("none", root, "cgroup2", 0, ""); err != nil {
			t.Fatalf("mount cgroup2: %v", err)
		}
		t.Cleanup(func() { unix.Unmount(root, 0) })
	}
	dir := filepath.Join(root, fmt.Sprintf("cgroup-connect-%d", os.Getpid()))
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(dir) })
	return dir
}

// TestTracerInGuest runs in the kernel matrix (tests/kernels/suite.sh): with
// the tracer refusing port 7007 to a cgroup, a child in it gets EPERM for
// 7007 over IPv4 and IPv6 and connects to 7008, a child outside connects to
// 7007, and the tracer counts the two refusals.
func TestTracerInGuest(t *testing.T) {
	guesttest.SkipOutsideGuest(t)
	cg := cgroup2(t)
	tr := guesttest.StartCommand(t, "cgroup-connect-tracer", "connect.bpf.o", "-cgroup", cg, "-port", "7007")
	guesttest.RunChild(t, "in "+cg, 0)
	guesttest.RunChild(t, "out", 0)
	tr.Interrupt(t)
	tr.Expect(t, "tracer printed", `^port 7007: refused 2 connects$`)
	tr.ExpectStderr(t, `^tracer: attached to cgroup `+cg+` \(connect4, connect6\), refusing ports 7007; Ctrl\+C to stop$`,
		`^tracer: detached from cgroup `+cg+`$`)
}
