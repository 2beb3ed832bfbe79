// Command opensnoop traces open(2) and openat(2) like libbpf-tools'
// opensnoop, with the BPF program of ./bpf (built by tinybpf) loaded by
// cilium/ebpf. It prints the same columns: PID COMM FD ERR PATH.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/cilium/ebpf/link"

	"tinybpf.test/tools/internal/tool"
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
	set := map[string]any{"targTgid": pid, "targPid": tid, "targFailed": failed}
	if uid >= 0 {
		set["targUID"] = uint32(uid)
	}
	coll, err := tool.Load(obj, set)
	if err != nil {
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
	events, err := tool.Perf[event](coll.Maps["events"], 64)
	if err != nil {
		return err
	}

	fmt.Printf("%-6s %-16s %3s %3s %s\n", "PID", "COMM", "FD", "ERR", "PATH")
	return events.Each(func(ev *event) {
		fd, errno := ev.Ret, int32(0)
		if ev.Ret < 0 {
			fd, errno = -1, -ev.Ret
		}
		fmt.Printf("%-6d %-16s %3d %3d %s\n", ev.Pid, tool.CString(ev.Comm[:]), fd, errno, tool.CString(ev.Fname[:]))
	})
}
