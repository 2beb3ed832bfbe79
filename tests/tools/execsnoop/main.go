// Command execsnoop traces execve(2) like libbpf-tools' execsnoop, with the
// BPF program of ./bpf (built by tinybpf) loaded by cilium/ebpf. It prints
// the same columns: PCOMM PID PPID RET ARGS.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/cilium/ebpf/link"

	"tinybpf.test/tools/internal/tool"
)

const argsCap = 60 * 128

// event mirrors the BPF side's record.
type event struct {
	Pid       int32
	Ppid      int32
	UID       uint32
	Retval    int32
	ArgsCount int32
	ArgsSize  uint32
	Comm      [16]byte
	Args      [argsCap]byte
}

func main() {
	obj := flag.String("obj", "build/execsnoop.bpf.o", "the BPF object")
	failed := flag.Bool("x", false, "include failed exec()s")
	uid := flag.Int("u", -1, "trace this UID only")
	maxArgs := flag.Int("max-args", 20, "maximum number of arguments parsed and displayed")
	flag.Parse()
	if err := run(*obj, *failed, *uid, *maxArgs); err != nil {
		fmt.Fprintln(os.Stderr, "execsnoop:", err)
		os.Exit(1)
	}
}

func run(obj string, failed bool, uid, maxArgs int) error {
	if maxArgs < 1 || maxArgs > 60 {
		return fmt.Errorf("--max-args must be 1 to 60, not %d", maxArgs)
	}
	set := map[string]any{"ignoreFailed": !failed, "maxArgs": int32(maxArgs)}
	if uid >= 0 {
		set["targUID"] = uint32(uid)
	}
	coll, err := tool.Load(obj, set)
	if err != nil {
		return err
	}
	defer coll.Close()
	for prog, tp := range map[string]string{"enter_execve": "sys_enter_execve", "exit_execve": "sys_exit_execve"} {
		l, err := link.Tracepoint("syscalls", tp, coll.Programs[prog], nil)
		if err != nil {
			return fmt.Errorf("attaching %s: %w", prog, err)
		}
		defer l.Close()
	}
	events, err := tool.Ring[event](coll.Maps["events"])
	if err != nil {
		return err
	}

	fmt.Printf("%-16s %-6s %-6s %3s %s\n", "PCOMM", "PID", "PPID", "RET", "ARGS")
	return events.Each(func(ev *event) {
		fmt.Printf("%-16s %-6d %-6d %3d %s\n", tool.CString(ev.Comm[:]), ev.Pid, ev.Ppid, ev.Retval, args(ev, maxArgs))
	})
}

// args: each argument followed by a space, and " ..." when there were more
// than maxArgs, as execsnoop prints them.
func args(ev *event, maxArgs int) string {
	var b bytes.Buffer
	rest := ev.Args[:min(int(ev.ArgsSize), len(ev.Args))]
	for n := 0; n < int(ev.ArgsCount) && len(rest) > 0; n++ {
		s, tail, _ := bytes.Cut(rest, []byte{0})
		b.Write(s)
		b.WriteByte(' ')
		rest = tail
	}
	if int(ev.ArgsCount) == maxArgs+1 {
		b.WriteString(" ...")
	}
	return b.String()
}
