// Command opensnoop traces open(2) and openat(2) like libbpf-tools'
// opensnoop, with the BPF program of ./bpf (built by tinybpf) loaded by
// cilium/ebpf. It prints the same columns: PID COMM FD ERR PATH.
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/perf"
)

// event mirrors the BPF side's record.
type event struct {
	Pid   uint32
	UID   uint32
	Ret   int32
	Flags int32
	Comm  [16]byte
	Fname [255]byte
}

func main() {
	obj := flag.String("obj", "build/opensnoop.bpf.o", "the BPF object")
	pid := flag.Uint("p", 0, "process ID to trace")
	tid := flag.Uint("t", 0, "thread ID to trace")
	uid := flag.Int("u", -1, "user ID to trace")
	failed := flag.Bool("x", false, "failed opens only")
	flag.Parse()
	if err := run(*obj, uint32(*pid), uint32(*tid), *uid, *failed); err != nil {
		fmt.Fprintln(os.Stderr, "opensnoop:", err)
		os.Exit(1)
	}
}

func run(obj string, pid, tid uint32, uid int, failed bool) error {
	spec, err := ebpf.LoadCollectionSpec(obj)
	if err != nil {
		return err
	}
	set := map[string]any{"targTgid": pid, "targPid": tid, "targFailed": failed}
	if uid >= 0 {
		set["targUID"] = uint32(uid)
	}
	for name, v := range set {
		if err := spec.Variables[name].Set(v); err != nil {
			return fmt.Errorf("setting %s: %w", name, err)
		}
	}
	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		var ve *ebpf.VerifierError
		if errors.As(err, &ve) {
			return fmt.Errorf("%w\n%+v", err, ve) // and the verifier's whole log
		}
		return err
	}
	defer coll.Close()
	for _, tp := range []string{"sys_enter_open", "sys_enter_openat", "sys_exit_open", "sys_exit_openat"} {
		if _, err := os.Stat("/sys/kernel/tracing/events/syscalls/" + tp); err != nil {
			continue // arm64 has no open(2)
		}
		l, err := link.Tracepoint("syscalls", tp, coll.Programs["tracepoint__syscalls__"+tp], nil)
		if err != nil {
			return fmt.Errorf("attaching %s: %w", tp, err)
		}
		defer l.Close()
	}
	rd, err := perf.NewReader(coll.Maps["events"], 64*os.Getpagesize())
	if err != nil {
		return err
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() { <-stop; rd.Close() }()

	fmt.Printf("%-6s %-16s %3s %3s %s\n", "PID", "COMM", "FD", "ERR", "PATH")
	var ev event
	for {
		rec, err := rd.Read()
		if errors.Is(err, perf.ErrClosed) {
			return nil
		} else if err != nil {
			return err
		}
		if rec.LostSamples > 0 {
			fmt.Fprintf(os.Stderr, "lost %d samples on CPU %d\n", rec.LostSamples, rec.CPU)
			continue
		}
		if err := binary.Read(bytes.NewReader(rec.RawSample), binary.NativeEndian, &ev); err != nil {
			return fmt.Errorf("decoding a record of %d bytes: %w", len(rec.RawSample), err)
		}
		fd, errno := ev.Ret, int32(0)
		if ev.Ret < 0 {
			fd, errno = -1, -ev.Ret
		}
		fmt.Printf("%-6d %-16s %3d %3d %s\n", ev.Pid, cstr(ev.Comm[:]), fd, errno, cstr(ev.Fname[:]))
	}
}

func cstr(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}
