// Package conformance runs the conformance suite with cilium/ebpf, the loader
// Go users have. Every directory here with an expect.json is a case: a Go
// program (main.go, built with TinyGo and tinybpf by make test) and the
// expectation that this runner and the libbpf one (conformance_test.c) both
// read. README.md describes the format.
package conformance

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/perf"
	"github.com/cilium/ebpf/ringbuf"
	"golang.org/x/sys/unix"
)

type expectation struct {
	Programs  []string                     `json:"programs"`
	Set       map[string]string            `json:"set"`
	ProgSlots map[string]map[string]string `json:"prog_slots"`
	Runs      []run                        `json:"runs"`
	Attach    attachList                   `json:"attach"`
	Cgroup    []cgroupHook                 `json:"cgroup"`
	Perf      *perfEvent                   `json:"perf_event"`
	Sockmap   *sockmapRun                  `json:"sockmap"`
	Reuseport *reuseportRun                `json:"reuseport"`
	Migrate   *migrateRun                  `json:"migrate"`
	Iter      *iterRun                     `json:"iter"`
	Uprobe    *uprobeRun                   `json:"uprobe"`
	TracePipe []string                     `json:"trace_pipe"`
	Maps      map[string]mapExpect         `json:"maps"`
	Globals   map[string]string            `json:"globals"`
	Comment   string                       `json:"comment"`
}

type run struct {
	Program string `json:"program"`
	Data    string `json:"data"`
	Ctx     string `json:"ctx"`
	DataOut string `json:"data_out"`
	Repeat  *int   `json:"repeat"`
	Retval  *int64 `json:"retval"`
	CPU     *int   `json:"cpu"`
}

type attach struct {
	Program string   `json:"program"`
	Syscall uintptr  `json:"syscall"`
	Times   int      `json:"times"`
	Args    []string `json:"args"`
}

// attachList is "attach": one object, or a list of them attached in turn.
type attachList []attach

func (l *attachList) UnmarshalJSON(raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) {
		return dec.Decode((*[]attach)(l))
	}
	var one attach
	if err := dec.Decode(&one); err != nil {
		return err
	}
	*l = attachList{one}
	return nil
}

// cgroupHook: a program attached to a new cgroup the runner moves into,
// then triggered there (README.md).
type cgroupHook struct {
	Program string `json:"program"`
	Trigger string `json:"trigger"`
}

// perfEvent: a program attached to a task-clock event of the runner's
// thread, sampled every Period ns of CPU time while it spins BusyMs.
type perfEvent struct {
	Program string `json:"program"`
	Period  uint64 `json:"period"`
	BusyMs  int64  `json:"busy_ms"`
}

type mapExpect struct {
	Type       *uint32  `json:"type"`
	KeySize    *uint32  `json:"key_size"`
	ValueSize  *uint32  `json:"value_size"`
	MaxEntries *uint32  `json:"max_entries"`
	Flags      *uint32  `json:"flags"`
	Entries    []entry  `json:"entries"`
	Records    []string `json:"records"`
}

type entry struct {
	Key    string   `json:"key"`
	Value  string   `json:"value"`
	PerCPU []string `json:"per_cpu"`
}

var passed, failed int

// TestMain ends with the count line tests/run.sh adds up.
// "sockmap": programs attached to a sock map holding a loopback TCP connection.
type sockmapRun struct {
	Msg     string `json:"msg"`
	Parser  string `json:"parser"`
	Verdict string `json:"verdict"`
	Port    int    `json:"port"`
	Send    string `json:"send"`
}

// "reuseport": a program attached to a group of two UDP sockets.
type reuseportRun struct {
	Program string `json:"program"`
	Port    int    `json:"port"`
	Send    string `json:"send"`
}

// "migrate": a program attached to a group of two TCP listeners, one of
// which is closed with the client's connection in its queue.
type migrateRun struct {
	Program    string `json:"program"`
	Port       int    `json:"port"`
	ClientPort int    `json:"client_port"`
}

// "iter": an iterator program and its whole output.
type iterRun struct {
	Program string `json:"program"`
	Output  string `json:"output"`
}

// "uprobe": programs attached to tinybpf_conformance_target (uprobe_target.go).
type uprobeRun struct {
	Entry  string   `json:"entry"`
	Return string   `json:"return"`
	Args   []string `json:"args"`
}

func TestMain(m *testing.M) {
	code := m.Run()
	fmt.Printf("conformance cilium-ebpf: %d passed, %d failed\n", passed, failed)
	os.Exit(code)
}

func TestConformance(t *testing.T) {
	objects := os.Getenv("TINYBPF_CONFORMANCE_OBJ")
	if objects == "" {
		t.Skip("TINYBPF_CONFORMANCE_OBJ is not set (make test sets it)")
	}
	cases, err := filepath.Glob("../*/expect.json")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, c := range cases {
		name := filepath.Base(filepath.Dir(c))
		ok := t.Run(name, func(t *testing.T) {
			// The thread the programs run on is the one whose pid, tid and
			// comm the expectations name.
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			checkCase(t, name, filepath.Join(objects, name+".bpf.o"))
		})
		if ok {
			passed++
		} else {
			failed++
		}
	}
}

func checkCase(t *testing.T, name, object string) {
	var want expectation
	raw, err := os.ReadFile(filepath.Join("..", name, "expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&want); err != nil {
		t.Fatalf("expect.json: %v", err)
	}
	b := &byteParser{t: t}
	defer runtime.KeepAlive(b)
	defer b.close()

	spec, err := ebpf.LoadCollectionSpec(object)
	if err != nil {
		t.Fatal(err)
	}
	if want.Programs != nil {
		var got []string
		for p := range spec.Programs {
			got = append(got, p)
		}
		slices.Sort(got)
		if w := slices.Sorted(slices.Values(want.Programs)); !slices.Equal(got, w) {
			t.Errorf("programs %v, want %v", got, w)
		}
	}
	for name, value := range want.Set {
		v := spec.Variables[name]
		if v == nil {
			t.Fatalf("no variable %s in the object", name)
		}
		if err := v.Set(b.parse(value)); err != nil {
			t.Fatal(err)
		}
	}
	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		t.Fatalf("cilium/ebpf refused to load it: %v", err)
	}
	defer coll.Close()
	// A perf buffer must be open while the program runs: without a reader
	// on its CPU, bpf_perf_event_output fails.
	readers := map[string]*perf.Reader{}
	for name, m := range coll.Maps {
		if m.Type() == ebpf.PerfEventArray {
			r, err := perf.NewReader(m, 8*os.Getpagesize())
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			readers[name] = r
		}
	}

	for name, slots := range want.ProgSlots {
		fillProgSlots(t, coll, name, slots)
	}
	for i, r := range want.Runs {
		runProgram(t, b, coll, r, i)
	}
	for i := range want.Attach {
		attachAndTrigger(t, b, coll, spec, &want.Attach[i])
	}
	if want.Cgroup != nil {
		runCgroupHooks(t, coll, spec, want.Cgroup)
	}
	if want.Perf != nil {
		runPerfEvent(t, coll, want.Perf)
	}
	if want.Sockmap != nil {
		runSockmap(t, b, coll, spec, want.Sockmap)
	}
	if want.Reuseport != nil {
		runReuseport(t, b, coll, want.Reuseport)
	}
	if want.Migrate != nil {
		runMigrate(t, coll, want.Migrate)
	}
	if want.Iter != nil {
		runIter(t, b, coll, want.Iter)
	}
	if want.Uprobe != nil {
		runUprobe(t, b, coll, want.Uprobe)
	}
	if want.TracePipe != nil {
		checkTracePipe(t, want.TracePipe)
	}
	for name, m := range want.Maps {
		checkMap(t, b, coll.Maps[name], spec.Maps[name], readers[name], name, m)
	}
	for name, value := range want.Globals {
		v := coll.Variables[name]
		if v == nil {
			t.Fatalf("no variable %s", name)
		}
		got := make([]byte, v.Size())
		if err := v.Get(got); err != nil {
			t.Fatal(err)
		}
		compare(t, "global "+name, got, b.parse(value))
	}
}

func runProgram(t *testing.T, b *byteParser, coll *ebpf.Collection, r run, index int) {
	prog := coll.Programs[r.Program]
	if prog == nil || r.Retval == nil {
		t.Fatalf("run: no program %q, or no retval", r.Program)
	}
	repeat := 1
	if r.Repeat != nil {
		repeat = *r.Repeat
	}
	for i := 0; i < repeat; i++ {
		opts := &ebpf.RunOptions{Data: b.parse(r.Data)}
		if r.CPU != nil { // raw_tp: run on that CPU
			opts.Flags = unix.BPF_F_TEST_RUN_ON_CPU
			opts.CPU = uint32(*r.CPU)
		}
		if len(opts.Data) > 0 {
			opts.DataOut = make([]byte, 4096)
		}
		if ctx := b.parse(r.Ctx); len(ctx) > 0 {
			opts.Context = ctx
		}
		ret, err := prog.Run(opts)
		if err != nil {
			t.Errorf("%s: BPF_PROG_TEST_RUN: %v", r.Program, err)
			return
		}
		if ret != uint32(*r.Retval) {
			t.Errorf("%s (runs[%d], time %d): returned %d, want %d", r.Program, index, i+1, ret, uint32(*r.Retval))
		}
		if r.DataOut != "" {
			compare(t, "data_out", opts.DataOut, b.parse(r.DataOut))
		}
	}
}

func attachAndTrigger(t *testing.T, b *byteParser, coll *ebpf.Collection, spec *ebpf.CollectionSpec, a *attach) {
	prog := coll.Programs[a.Program]
	section := spec.Programs[a.Program].SectionName
	kind, target, _ := strings.Cut(section, "/")
	var l link.Link
	var err error
	switch kind {
	case "tracepoint", "tp":
		group, name, _ := strings.Cut(target, "/")
		l, err = link.Tracepoint(group, name, prog, nil)
	case "raw_tracepoint", "raw_tp":
		l, err = link.AttachRawTracepoint(link.RawTracepointOptions{Name: target, Program: prog})
	default:
		t.Fatalf("attach: section %q is not a tracepoint", section)
	}
	if err != nil {
		t.Fatalf("attach %s: %v", a.Program, err)
	}
	defer l.Close()
	var args [3]uintptr
	for i, arg := range a.Args[:min(len(a.Args), 3)] {
		args[i] = uintptr(b.number(arg))
	}
	for i := 0; i < max(a.Times, 1); i++ {
		unix.Syscall(a.Syscall, args[0], args[1], args[2])
	}
}

func runPerfEvent(t *testing.T, coll *ebpf.Collection, pe *perfEvent) {
	attr := unix.PerfEventAttr{Type: unix.PERF_TYPE_SOFTWARE, Config: unix.PERF_COUNT_SW_TASK_CLOCK,
		Sample: pe.Period}
	attr.Size = uint32(unsafe.Sizeof(attr))
	fd, err := unix.PerfEventOpen(&attr, 0, -1, -1, unix.PERF_FLAG_FD_CLOEXEC)
	if err != nil {
		t.Fatalf("perf_event_open: %v", err)
	}
	defer unix.Close(fd)
	l, err := link.AttachRawLink(link.RawLinkOptions{Target: fd, Program: coll.Programs[pe.Program],
		Attach: ebpf.AttachPerfEvent})
	if err != nil {
		t.Fatalf("attach %s: %v", pe.Program, err)
	}
	defer l.Close()
	var start, now unix.Timespec
	unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &start)
	for now = start; (now.Nano()-start.Nano())/1e6 < pe.BusyMs; {
		unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &now)
	}
}

// receive waits up to two seconds for n bytes on one of fds.
func receive(t *testing.T, fds []int, n int) []byte {
	var got []byte
	polls := make([]unix.PollFd, len(fds))
	for i, fd := range fds {
		polls[i] = unix.PollFd{Fd: int32(fd), Events: unix.POLLIN}
	}
	for len(got) < n {
		if k, err := unix.Poll(polls, 2000); k <= 0 || err != nil {
			break
		}
		for i, p := range polls {
			if p.Revents&unix.POLLIN == 0 {
				continue
			}
			buf := make([]byte, 4096)
			if r, _, err := unix.Recvfrom(fds[i], buf, unix.MSG_DONTWAIT); err == nil {
				got = append(got, buf[:r]...)
			}
		}
	}
	return got
}

func socket(t *testing.T, typ int) int {
	fd, err := unix.Socket(unix.AF_INET, typ|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	return fd
}

// privateNetns moves the calling thread (locked to its goroutine) into a new
// network namespace with only its loopback up, so that the socket cases'
// fixed ports meet no other process's sockets (another run's reuseport
// group would take its datagrams); the returned function moves it back.
func privateNetns(t *testing.T) func() {
	old, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
		unix.Close(old)
		t.Fatalf("unshare: %v", err)
	}
	back := func() {
		if err := unix.Setns(old, unix.CLONE_NEWNET); err != nil {
			t.Fatalf("setns: %v", err)
		}
		unix.Close(old)
	}
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		back()
		t.Fatal(err)
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err == nil {
		err = unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr)
	}
	if err == nil {
		ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
		err = unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr)
	}
	if err != nil {
		back()
		t.Fatalf("bringing lo up: %v", err)
	}
	return back
}

// runSockmap attaches the sk_msg and sk_skb programs to a sock map it makes,
// puts both ends of a loopback TCP connection to the port in it, and sends
// the bytes from the client, which the server must receive.
func runSockmap(t *testing.T, b *byteParser, coll *ebpf.Collection, spec *ebpf.CollectionSpec, sm *sockmapRun) {
	data := b.parse(sm.Send)
	m, err := ebpf.NewMap(&ebpf.MapSpec{Name: "conformance", Type: ebpf.SockMap, KeySize: 4,
		ValueSize: 4, MaxEntries: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	// each with its section's attach type: the verdict program's is
	// sk_skb/stream_verdict's or sk_skb/verdict's
	for _, name := range []string{sm.Msg, sm.Parser, sm.Verdict} {
		if name == "" {
			continue
		}
		prog := coll.Programs[name]
		if prog == nil {
			t.Fatalf("sockmap: no program %s", name)
		}
		attach := spec.Programs[name].AttachType
		if err := link.RawAttachProgram(link.RawAttachProgramOptions{Target: m.FD(), Program: prog,
			Attach: attach}); err != nil {
			t.Errorf("cannot attach %s to a sock map: %v", name, err)
			continue
		}
		defer link.RawDetachProgram(link.RawDetachProgramOptions{Target: m.FD(), Program: prog,
			Attach: attach})
	}
	defer privateNetns(t)()
	addr := &unix.SockaddrInet4{Port: sm.Port, Addr: [4]byte{127, 0, 0, 1}}
	listener := socket(t, unix.SOCK_STREAM)
	if err := unix.SetsockoptInt(listener, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		t.Fatal(err)
	}
	if err := unix.Bind(listener, addr); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(listener, 1); err != nil {
		t.Fatal(err)
	}
	client := socket(t, unix.SOCK_STREAM)
	if err := unix.Connect(client, addr); err != nil {
		t.Fatal(err)
	}
	server, _, err := unix.Accept(listener)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(server)
	for key, fd := range []int{client, server} {
		if err := m.Update(uint32(key), uint32(fd), ebpf.UpdateAny); err != nil {
			t.Errorf("sock map: cannot add socket %d: %v", key, err)
		}
	}
	if _, err := unix.Write(client, data); err != nil {
		t.Errorf("sock map: send: %v", err)
	}
	compare(t, "sock map: the bytes the server received", receive(t, []int{server}, len(data)), data)
}

// runReuseport attaches the program (SO_ATTACH_REUSEPORT_EBPF) to two UDP
// sockets bound to 127.0.0.1:port with SO_REUSEPORT and sends them a datagram.
func runReuseport(t *testing.T, b *byteParser, coll *ebpf.Collection, rp *reuseportRun) {
	data := b.parse(rp.Send)
	prog := coll.Programs[rp.Program]
	if prog == nil {
		t.Fatalf("reuseport: no program %s", rp.Program)
	}
	defer privateNetns(t)()
	addr := &unix.SockaddrInet4{Port: rp.Port, Addr: [4]byte{127, 0, 0, 1}}
	group := []int{socket(t, unix.SOCK_DGRAM), socket(t, unix.SOCK_DGRAM)}
	for _, fd := range group {
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEPORT, 1); err != nil {
			t.Fatal(err)
		}
		if err := unix.Bind(fd, addr); err != nil {
			t.Fatal(err)
		}
	}
	if err := unix.SetsockoptInt(group[0], unix.SOL_SOCKET, unix.SO_ATTACH_REUSEPORT_EBPF,
		prog.FD()); err != nil {
		t.Errorf("cannot attach %s to the reuseport group: %v", rp.Program, err)
	}
	sender := socket(t, unix.SOCK_DGRAM)
	if err := unix.Sendto(sender, data, 0, addr); err != nil {
		t.Errorf("reuseport: sendto: %v", err)
	}
	compare(t, "reuseport: the datagram the group received", receive(t, group, len(data)), data)
}

// runMigrate attaches the sk_reuseport/migrate program to two TCP listeners
// on 127.0.0.1:port with SO_REUSEPORT; a client bound to
// 127.0.0.1:client_port connects, the listener holding the connection is
// closed before accepting it, and the other one must accept it from the
// client's address: the kernel migrated it, asking the program.
func runMigrate(t *testing.T, coll *ebpf.Collection, mg *migrateRun) {
	prog := coll.Programs[mg.Program]
	if prog == nil {
		t.Fatalf("migrate: no program %s", mg.Program)
	}
	defer privateNetns(t)()
	addr := &unix.SockaddrInet4{Port: mg.Port, Addr: [4]byte{127, 0, 0, 1}}
	from := &unix.SockaddrInet4{Port: mg.ClientPort, Addr: [4]byte{127, 0, 0, 1}}
	var lis [2]int
	pfd := make([]unix.PollFd, 2)
	for i := range lis {
		fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			t.Fatal(err)
		}
		lis[i] = fd
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEPORT, 1); err != nil {
			t.Fatal(err)
		}
		if err := unix.Bind(fd, addr); err != nil {
			t.Fatal(err)
		}
		if err := unix.Listen(fd, 4); err != nil {
			t.Fatal(err)
		}
		pfd[i] = unix.PollFd{Fd: int32(fd), Events: unix.POLLIN}
	}
	if err := unix.SetsockoptInt(lis[0], unix.SOL_SOCKET, unix.SO_ATTACH_REUSEPORT_EBPF, prog.FD()); err != nil {
		t.Errorf("cannot attach %s to the reuseport group: %v", mg.Program, err)
	}
	client := socket(t, unix.SOCK_STREAM)
	if err := unix.Bind(client, from); err != nil {
		t.Fatal(err)
	}
	if err := unix.Connect(client, addr); err != nil {
		t.Fatal(err)
	}
	if n, err := unix.Poll(pfd, 2000); n != 1 {
		t.Fatalf("migrate: poll: %d listeners ready (%v)", n, err)
	}
	held := 1
	if pfd[0].Revents&unix.POLLIN != 0 {
		held = 0
	}
	unix.Close(lis[held])
	other := lis[1-held]
	defer unix.Close(other)
	if n, _ := unix.Poll([]unix.PollFd{{Fd: int32(other), Events: unix.POLLIN}}, 2000); n != 1 {
		t.Errorf("migrate: the other listener has no connection to accept")
		return
	}
	server, peer, err := unix.Accept(other)
	if err != nil || !sameAddress(peer, from) {
		t.Errorf("migrate: the other listener accepted no connection from the client: %+v (%v)", peer, err)
	}
	if err == nil {
		unix.Close(server)
	}
}

// runUprobe attaches the entry (uprobe) and return (uretprobe) programs to
// tinybpf_conformance_target in this process and calls it once, on this
// thread, with the arguments.
func runUprobe(t *testing.T, b *byteParser, coll *ebpf.Collection, up *uprobeRun) {
	var args [2]int64
	for i, arg := range up.Args[:min(len(up.Args), 2)] {
		args[i] = int64(b.number(arg))
	}
	ex, err := link.OpenExecutable("/proc/self/exe")
	if err != nil {
		t.Fatal(err)
	}
	offset, err := targetFileOffset()
	if err != nil {
		t.Fatal(err)
	}
	opts := &link.UprobeOptions{PID: os.Getpid(), Address: offset}
	for _, p := range []struct {
		name string
		ret  bool
	}{{up.Entry, false}, {up.Return, true}} {
		if p.name == "" {
			continue
		}
		prog := coll.Programs[p.name]
		if prog == nil {
			t.Fatalf("uprobe: no program %s", p.name)
		}
		attach := ex.Uprobe
		if p.ret {
			attach = ex.Uretprobe
		}
		l, err := attach("tinybpf_conformance_target", prog, opts)
		if err != nil {
			t.Errorf("cannot attach %s: %v", p.name, err)
			continue
		}
		defer l.Close()
	}
	callTarget(args[0], args[1])
}

// runIter attaches an iterator program and reads it to its end.
func runIter(t *testing.T, b *byteParser, coll *ebpf.Collection, it *iterRun) {
	prog := coll.Programs[it.Program]
	if prog == nil {
		t.Fatalf("iter: no program %s", it.Program)
	}
	l, err := link.AttachIter(link.IterOptions{Program: prog})
	if err != nil {
		t.Fatalf("cannot attach %s: %v", it.Program, err)
	}
	defer l.Close()
	r, err := l.Open()
	if err != nil {
		t.Fatalf("opening the iterator: %v", err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil {
		t.Errorf("reading the iterator: %v", err)
	}
	compare(t, "iterator output", got, b.parse(it.Output))
}

func cgroup2Root(t *testing.T) string {
	mounts, err := os.ReadFile("/proc/self/mounts")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(mounts), "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[2] == "cgroup2" {
			return f[1]
		}
	}
	t.Fatal("no cgroup2 mount")
	return ""
}

func joinCgroup(t *testing.T, dir string) {
	if err := os.WriteFile(filepath.Join(dir, "cgroup.procs"), []byte(strconv.Itoa(os.Getpid())), 0); err != nil {
		t.Fatal(err)
	}
}

func runCgroupHooks(t *testing.T, coll *ebpf.Collection, spec *ebpf.CollectionSpec, hooks []cgroupHook) {
	root := cgroup2Root(t)
	self, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		t.Fatal(err)
	}
	home := root
	for _, line := range strings.Split(string(self), "\n") {
		if rest, ok := strings.CutPrefix(line, "0::"); ok {
			home = filepath.Join(root, rest)
		}
	}
	dir := filepath.Join(root, fmt.Sprintf("tinybpf-conformance-%d", os.Getpid()))
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(dir)
	// The triggers run in a network namespace of the runner's own, entered
	// before the cgroup (its loopback's socket is nothing the programs see).
	defer privateNetns(t)()
	joinCgroup(t, dir)
	defer joinCgroup(t, home)
	for _, h := range hooks {
		l, err := link.AttachCgroup(link.CgroupOptions{Path: dir, Attach: spec.Programs[h.Program].AttachType,
			Program: coll.Programs[h.Program]})
		if err != nil {
			t.Errorf("attach %s to a cgroup: %v", h.Program, err)
			continue
		}
		trigger(t, h.Trigger)
		l.Close()
	}
}

// parseAddress reads a socket trigger's address, IP:PORT for AF_INET,
// [IP]:PORT for AF_INET6, and returns what follows the port and its ':'.
func parseAddress(t *testing.T, arg string, family int) (unix.Sockaddr, string) {
	host, rest, _ := strings.Cut(arg, ":")
	if family == unix.AF_INET6 {
		var ok bool
		if host, rest, ok = strings.Cut(strings.TrimPrefix(arg, "["), "]:"); !ok {
			t.Fatalf("bad address %q", arg)
		}
	}
	port, rest, _ := strings.Cut(rest, ":")
	p, _ := strconv.Atoi(port)
	ip := net.ParseIP(host)
	if ip == nil {
		t.Fatalf("bad address %q", arg)
	}
	if family == unix.AF_INET6 {
		sa := &unix.SockaddrInet6{Port: p}
		copy(sa.Addr[:], ip.To16())
		return sa, rest
	}
	sa := &unix.SockaddrInet4{Port: p}
	copy(sa.Addr[:], ip.To4())
	return sa, rest
}

func withPort(sa unix.Sockaddr, port int) unix.Sockaddr {
	switch a := sa.(type) {
	case *unix.SockaddrInet6:
		b := *a
		b.Port = port
		return &b
	case *unix.SockaddrInet4:
		b := *a
		b.Port = port
		return &b
	}
	return nil
}

func sameAddress(a, b unix.Sockaddr) bool {
	switch a := a.(type) {
	case *unix.SockaddrInet6:
		b, ok := b.(*unix.SockaddrInet6)
		return ok && a.Port == b.Port && a.Addr == b.Addr && a.ZoneId == b.ZoneId
	case *unix.SockaddrInet4:
		b, ok := b.(*unix.SockaddrInet4)
		return ok && a.Port == b.Port && a.Addr == b.Addr
	case *unix.SockaddrUnix:
		b, ok := b.(*unix.SockaddrUnix)
		return ok && a.Name == b.Name
	}
	return false
}

// udpExchange: udp4:IP:FROM:TO:TEXT, udp6:[IP]:FROM:TO:TEXT. A UDP socket A
// bound to IP:FROM sends TEXT to a socket B bound to IP:TO, which receives
// it with the sender's address; A connects to B and asks its own name and
// its peer's; B is closed, then A.
func udpExchange(t *testing.T, what, arg string, family int) {
	from, rest := parseAddress(t, arg, family)
	toPort, text, ok := strings.Cut(rest, ":")
	if !ok {
		t.Fatalf("bad trigger %q", what)
	}
	p, _ := strconv.Atoi(toPort)
	datagramExchange(t, what, family, from, withPort(from, p), text)
}

// datagramExchange: datagram sockets A bound to from and B bound to to; A
// sends text to B, which receives it from A; A connects to B and asks its own
// name and its peer's; B is closed, then A.
func datagramExchange(t *testing.T, what string, family int, from, to unix.Sockaddr, text string) {
	var fds [2]int
	for i := range fds {
		fd, err := unix.Socket(family, unix.SOCK_DGRAM, 0)
		if err != nil {
			t.Fatal(err)
		}
		fds[i] = fd
	}
	a, b := fds[0], fds[1]
	if err := unix.Bind(a, from); err != nil {
		t.Errorf("%s: bind: %v", what, err)
	}
	if err := unix.Bind(b, to); err != nil {
		t.Errorf("%s: bind: %v", what, err)
	}
	if err := unix.Sendto(a, []byte(text), 0, to); err != nil {
		t.Errorf("%s: sendto: %v", what, err)
	}
	buf := make([]byte, 64)
	n, sender, err := unix.Recvfrom(b, buf, unix.MSG_DONTWAIT)
	if err != nil || string(buf[:max(n, 0)]) != text || !sameAddress(sender, from) {
		t.Errorf("%s: recvfrom: %q from %+v (%v)", what, buf[:max(n, 0)], sender, err)
	}
	if err := unix.Connect(a, to); err != nil {
		t.Errorf("%s: connect: %v", what, err)
	}
	if name, err := unix.Getsockname(a); err != nil || !sameAddress(name, from) {
		t.Errorf("%s: getsockname: %+v (%v)", what, name, err)
	}
	if peer, err := unix.Getpeername(a); err != nil || !sameAddress(peer, to) {
		t.Errorf("%s: getpeername: %+v (%v)", what, peer, err)
	}
	unix.Close(b)
	unix.Close(a)
}

// unixExchange: unix:A:B:TEXT. AF_UNIX datagram sockets bound to the
// abstract names A and B; A sends TEXT to B, which receives it from A; A
// connects to B and asks its own name and its peer's; B is closed, then A.
func unixExchange(t *testing.T, what, arg string) {
	nameA, rest, _ := strings.Cut(arg, ":")
	nameB, text, ok := strings.Cut(rest, ":")
	if !ok {
		t.Fatalf("bad trigger %q", what)
	}
	datagramExchange(t, what, unix.AF_UNIX, &unix.SockaddrUnix{Name: "@" + nameA},
		&unix.SockaddrUnix{Name: "@" + nameB}, text)
}

// trigger: connect4:IP:PORT, bind4:IP:PORT, sendto4:IP:PORT:TEXT,
// udp4:IP:FROM:TO:TEXT and their IPv6 forms ending in 6, with [IP];
// unix:A:B:TEXT; socket:inet|inet6:stream|dgram, setsockopt:ip_ttl:N, getsockopt:ip_ttl:N,
// sysctl:NAME (a read of /proc/sys/NAME), open:PATH.
func trigger(t *testing.T, what string) {
	kind, arg, _ := strings.Cut(what, ":")
	family := unix.AF_INET
	if strings.HasSuffix(kind, "6") {
		family = unix.AF_INET6
	}
	switch kind {
	case "connect4", "connect6":
		sa, _ := parseAddress(t, arg, family)
		fd, err := unix.Socket(family, unix.SOCK_STREAM|unix.SOCK_NONBLOCK, 0)
		if err != nil {
			t.Fatal(err)
		}
		unix.Connect(fd, sa) // refused: the hooks ran
		unix.Close(fd)
	case "bind4", "sendto4", "bind6", "sendto6": // bindN:IP:PORT, sendtoN:IP:PORT:TEXT, over UDP
		sa, text := parseAddress(t, arg, family)
		fd, err := unix.Socket(family, unix.SOCK_DGRAM, 0)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(kind, "sendto") {
			err = unix.Sendto(fd, []byte(text), 0, sa)
		} else {
			err = unix.Bind(fd, sa)
		}
		if err != nil {
			t.Errorf("%s: %v", what, err)
		}
		unix.Close(fd)
	case "udp4", "udp6":
		udpExchange(t, what, arg, family)
	case "unix":
		unixExchange(t, what, arg)
	case "getsockopt": // getsockopt:ip_ttl:N: set IP_TTL to N, then read it
		ttl, _ := strconv.Atoi(strings.TrimPrefix(arg, "ip_ttl:"))
		fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := unix.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TTL, ttl); err != nil {
			t.Error(err)
		}
		if got, err := unix.GetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TTL); err != nil || got != ttl {
			t.Errorf("%s: getsockopt read %d (%v)", what, got, err)
		}
		unix.Close(fd)
	case "socket":
		family, typ := unix.AF_INET, unix.SOCK_STREAM
		if strings.HasPrefix(arg, "inet6:") {
			family = unix.AF_INET6
		}
		if strings.HasSuffix(arg, ":dgram") {
			typ = unix.SOCK_DGRAM
		}
		fd, err := unix.Socket(family, typ, 0)
		if err != nil {
			t.Fatal(err)
		}
		unix.Close(fd)
	case "setsockopt":
		ttl, _ := strconv.Atoi(strings.TrimPrefix(arg, "ip_ttl:"))
		fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := unix.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TTL, ttl); err != nil {
			t.Error(err)
		}
		unix.Close(fd)
	case "sysctl", "open":
		path := arg
		if kind == "sysctl" {
			path = "/proc/sys/" + arg
		}
		fd, err := unix.Open(path, unix.O_RDONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if kind == "sysctl" {
			if n, err := unix.Read(fd, make([]byte, 64)); n <= 0 {
				t.Errorf("read %s: %v", path, err)
			}
		}
		unix.Close(fd)
	default:
		t.Errorf("unknown trigger %q", what)
	}
}

func checkMap(t *testing.T, b *byteParser, m *ebpf.Map, spec *ebpf.MapSpec, r *perf.Reader, name string, want mapExpect) {
	if m == nil {
		t.Errorf("no map %s", name)
		return
	}
	for _, f := range []struct {
		field     string
		got, want any
	}{
		{"type", uint32(spec.Type), want.Type},
		{"key_size", spec.KeySize, want.KeySize},
		{"value_size", spec.ValueSize, want.ValueSize},
		{"max_entries", spec.MaxEntries, want.MaxEntries},
		{"flags", spec.Flags, want.Flags},
	} {
		if w := f.want.(*uint32); w != nil && f.got != *w {
			t.Errorf("map %s: %s %d, want %d", name, f.field, f.got, *w)
		}
	}
	for _, e := range want.Entries {
		key := b.parse(e.Key)
		what := fmt.Sprintf("map %s[%x]", name, key)
		if e.PerCPU != nil {
			checkPerCPU(t, b, m, key, e.PerCPU, what)
			continue
		}
		got, err := lookup(m, key)
		if err != nil {
			t.Errorf("%s: %v", what, err)
			continue
		}
		compare(t, what, got, b.parse(e.Value))
	}
	if want.Entries != nil && isHash(m.Type()) {
		if n := countKeys(t, m); n != len(want.Entries) {
			t.Errorf("map %s has %d entries, want %d", name, n, len(want.Entries))
		}
	}
	if want.Records != nil {
		checkRecords(t, b, m, r, name, want.Records)
	}
}

func isHash(t ebpf.MapType) bool {
	return t == ebpf.Hash || t == ebpf.PerCPUHash || t == ebpf.LRUHash || t == ebpf.LRUCPUHash
}

// lookup reads a value; a per-CPU value is the sum over CPUs of its 64-bit words.
func lookup(m *ebpf.Map, key []byte) ([]byte, error) {
	switch m.Type() {
	case ebpf.PerCPUHash, ebpf.PerCPUArray, ebpf.LRUCPUHash:
	default:
		out := make([]byte, m.ValueSize())
		return out, m.Lookup(key, out)
	}
	words := int(m.ValueSize() / 8)
	perCPU := reflect.New(reflect.SliceOf(reflect.ArrayOf(words, reflect.TypeFor[uint64]())))
	if err := m.Lookup(key, perCPU.Interface()); err != nil {
		return nil, err
	}
	sum := make([]uint64, words)
	for cpu := 0; cpu < perCPU.Elem().Len(); cpu++ {
		for w := range sum {
			sum[w] += perCPU.Elem().Index(cpu).Index(w).Uint()
		}
	}
	out := make([]byte, 0, m.ValueSize())
	for _, s := range sum {
		out = binary.LittleEndian.AppendUint64(out, s)
	}
	return out, nil
}

// checkPerCPU compares the value on CPU 0, 1, ... with the list; every CPU
// after it must hold zero.
func checkPerCPU(t *testing.T, b *byteParser, m *ebpf.Map, key []byte, want []string, what string) {
	words := int((m.ValueSize() + 7) / 8)
	perCPU := reflect.New(reflect.SliceOf(reflect.ArrayOf(words, reflect.TypeFor[uint64]())))
	if err := m.Lookup(key, perCPU.Interface()); err != nil {
		t.Errorf("%s: %v", what, err)
		return
	}
	cpus := perCPU.Elem().Len()
	if len(want) > cpus {
		t.Errorf("%s: %d per-CPU values, but %d possible CPUs", what, len(want), cpus)
	}
	for cpu := 0; cpu < cpus; cpu++ {
		var got []byte
		for w := 0; w < words; w++ {
			got = binary.LittleEndian.AppendUint64(got, perCPU.Elem().Index(cpu).Index(w).Uint())
		}
		exp := make([]byte, m.ValueSize())
		if cpu < len(want) {
			exp = b.parse(want[cpu])
		}
		compare(t, fmt.Sprintf("%s on CPU %d", what, cpu), got[:m.ValueSize()], exp)
	}
}

// fillProgSlots puts the object's programs in a prog array, by index.
func fillProgSlots(t *testing.T, coll *ebpf.Collection, name string, slots map[string]string) {
	m := coll.Maps[name]
	if m == nil {
		t.Fatalf("prog_slots: no map %s", name)
	}
	for index, prog := range slots {
		i, err := strconv.ParseUint(index, 0, 32)
		p := coll.Programs[prog]
		if err != nil || p == nil {
			t.Fatalf("prog_slots %s[%s]: no program %q", name, index, prog)
		}
		if err := m.Put(uint32(i), p); err != nil {
			t.Fatalf("prog_slots %s[%s]: %v", name, index, err)
		}
	}
}

// checkTracePipe waits up to two seconds for lines bpf_printk wrote, with
// {pid} and {tid} standing for this process and the thread the tests run on.
func checkTracePipe(t *testing.T, want []string) {
	f, err := os.OpenFile("/sys/kernel/tracing/trace_pipe", os.O_RDONLY, 0)
	if err != nil {
		t.Errorf("trace_pipe: %v", err)
		return
	}
	defer f.Close()
	fd := int(f.Fd()) // Fd makes it blocking: take it once, then make it not
	if err := unix.SetNonblock(fd, true); err != nil {
		t.Fatal(err)
	}
	r := strings.NewReplacer("{pid}", strconv.Itoa(os.Getpid()), "{tid}", strconv.Itoa(unix.Gettid()))
	lines := make([]string, len(want))
	for i, w := range want {
		lines[i] = r.Replace(w)
	}
	var seen []byte
	buf := make([]byte, 8192)
	deadline := time.Now().Add(2 * time.Second)
	missing := func() []string {
		var out []string
		for _, l := range lines {
			if !bytes.Contains(seen, []byte(l)) {
				out = append(out, l)
			}
		}
		return out
	}
	for len(missing()) > 0 && time.Now().Before(deadline) {
		// Non-blocking reads, not poll: trace_pipe reports data only
		// once buffer_percent of the buffer is full.
		n, _ := unix.Read(fd, buf)
		if n <= 0 {
			time.Sleep(20 * time.Millisecond)
		}
		seen = append(seen, buf[:max(n, 0)]...)
	}
	for _, l := range missing() {
		t.Errorf("trace_pipe: no line with %q (read: %.600s)", l, seen)
	}
}

func countKeys(t *testing.T, m *ebpf.Map) int {
	var prev any
	n := 0
	for {
		next := make([]byte, m.KeySize())
		if err := m.NextKey(prev, next); errors.Is(err, ebpf.ErrKeyNotExist) {
			return n
		} else if err != nil {
			t.Fatal(err)
		}
		prev = next
		n++
	}
}

// checkRecords pops queue and stack maps and drains ring and perf buffers:
// the records must be exactly those expected (perf buffers in any order,
// as they have one ring per CPU).
func checkRecords(t *testing.T, b *byteParser, m *ebpf.Map, perfReader *perf.Reader, name string, want []string) {
	var got [][]byte
	switch m.Type() {
	case ebpf.Queue, ebpf.Stack:
		for {
			v := make([]byte, m.ValueSize())
			if err := m.LookupAndDelete(nil, v); err != nil {
				break
			}
			got = append(got, v)
		}
	case ebpf.RingBuf:
		r, err := ringbuf.NewReader(m)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		r.SetDeadline(time.Now())
		for rec, err := r.Read(); err == nil; rec, err = r.Read() {
			got = append(got, rec.RawSample)
		}
	case ebpf.PerfEventArray:
		r := perfReader
		r.SetDeadline(time.Now().Add(time.Second))
		for len(got) <= len(want) {
			rec, err := r.Read()
			if err != nil {
				break
			}
			got = append(got, rec.RawSample)
			if len(got) == len(want) {
				r.SetDeadline(time.Now()) // and no more
			}
		}
	default:
		t.Errorf("map %s: \"records\" is for queue, stack, ringbuf and perf maps", name)
		return
	}
	var g, w []string
	for _, r := range got {
		g = append(g, hex.EncodeToString(r))
	}
	for _, r := range want {
		w = append(w, hex.EncodeToString(b.parse(r)))
	}
	if m.Type() == ebpf.PerfEventArray {
		slices.Sort(g)
		slices.Sort(w)
	}
	if !slices.Equal(g, w) {
		t.Errorf("map %s: records\n got %v\nwant %v", name, g, w)
	}
}

func compare(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("%s: got %x, want %x", what, got, want)
	}
}

// byteParser reads the byte notation of expect.json (README.md); it owns
// the strings that addr: tokens point the kernel at, and the files fd:
// tokens opened.
type byteParser struct {
	t       *testing.T
	strings [][]byte
	files   []*os.File
}

// openFD: fd:tid is a pidfd of the thread the programs run on (a task
// storage map's key), fd:cgroup its cgroup v2 directory (a cgroup storage
// map's key).
func (b *byteParser) openFD(what string) int {
	switch what {
	case "tid":
		fd, err := unix.PidfdOpen(unix.Gettid(), unix.O_EXCL /* PIDFD_THREAD */)
		if err != nil {
			b.t.Fatalf("pidfd_open: %v", err)
		}
		b.files = append(b.files, os.NewFile(uintptr(fd), "pidfd"))
		return fd
	case "cgroup":
		raw, err := os.ReadFile("/proc/self/cgroup")
		if err != nil {
			b.t.Fatal(err)
		}
		for _, line := range strings.Split(string(raw), "\n") {
			if rest, ok := strings.CutPrefix(line, "0::"); ok {
				// cgroup2 is at /sys/fs/cgroup, or /sys/fs/cgroup/unified (hybrid)
				path := "/sys/fs/cgroup/unified" + rest
				if _, err := os.Stat(path); err != nil {
					path = "/sys/fs/cgroup" + rest
				}
				f, err := os.Open(path)
				if err != nil {
					b.t.Fatal(err)
				}
				b.files = append(b.files, f)
				return int(f.Fd())
			}
		}
		b.t.Fatal("no cgroup v2 line in /proc/self/cgroup")
	}
	b.t.Fatalf("unknown fd:%s", what)
	return -1
}

func (b *byteParser) close() {
	for _, f := range b.files {
		f.Close()
	}
}

func (b *byteParser) number(text string) uint64 {
	switch text {
	case "pid":
		return uint64(os.Getpid())
	case "tid":
		return uint64(unix.Gettid())
	}
	if strings.HasPrefix(text, "-") {
		v, err := strconv.ParseInt(text, 0, 64)
		if err != nil {
			b.t.Fatalf("bad number %q", text)
		}
		return uint64(v)
	}
	v, err := strconv.ParseUint(text, 0, 64)
	if err != nil {
		b.t.Fatalf("bad number %q", text)
	}
	return v
}

func (b *byteParser) parse(spec string) []byte {
	var out []byte
	for _, tok := range strings.Fields(spec) {
		kind, arg, ok := strings.Cut(tok, ":")
		if !ok {
			b.t.Fatalf("token %q has no ':'", tok)
		}
		switch kind {
		case "u8", "u16", "u32", "u64":
			n, _ := strconv.Atoi(kind[1:])
			out = binary.LittleEndian.AppendUint64(out, b.number(arg))[:len(out)+n/8]
		case "be16", "be32":
			n, _ := strconv.Atoi(kind[2:])
			v := binary.BigEndian.AppendUint64(nil, b.number(arg))
			out = append(out, v[8-n/8:]...)
		case "iota", "zero":
			for i := uint64(0); i < b.number(arg); i++ {
				if kind == "iota" {
					out = append(out, byte(i))
				} else {
					out = append(out, 0)
				}
			}
		case "str":
			out = append(out, arg...)
		case "addr":
			s := append([]byte(arg), 0)
			b.strings = append(b.strings, s)
			out = binary.LittleEndian.AppendUint64(out, uint64(uintptr(unsafe.Pointer(&s[0]))))
		case "fd":
			out = binary.LittleEndian.AppendUint32(out, uint32(b.openFD(arg)))
		case "comm":
			comm := make([]byte, 16)
			if err := unix.Prctl(unix.PR_GET_NAME, uintptr(unsafe.Pointer(&comm[0])), 0, 0, 0); err != nil {
				b.t.Fatal(err)
			}
			out = append(out, comm...)
		default:
			b.t.Fatalf("unknown token kind %q", kind)
		}
	}
	return out
}
