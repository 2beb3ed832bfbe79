// Command bashreadline prints the lines bash reads with readline, like
// libbpf-tools' bashreadline, with the BPF program of ./bpf (built by
// tinybpf) loaded by cilium/ebpf and attached to bash's readline as a
// uretprobe. It prints the same columns: TIME PID COMMAND.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/cilium/ebpf/link"

	"tinybpf.test/tools/internal/tool"
)

// line mirrors the BPF side's record.
type line struct {
	Pid uint32
	Str [80]byte
}

func main() {
	obj := flag.String("obj", "build/bashreadline.bpf.o", "the BPF object")
	bin := flag.String("bin", "/bin/bash", "the executable (or library) whose readline to trace")
	flag.Parse()
	if err := run(*obj, *bin); err != nil {
		fmt.Fprintln(os.Stderr, "bashreadline:", err)
		os.Exit(1)
	}
}

func run(obj, bin string) error {
	coll, err := tool.Load(obj, nil)
	if err != nil {
		return err
	}
	defer coll.Close()
	ex, err := link.OpenExecutable(bin)
	if err != nil {
		return err
	}
	l, err := ex.Uretprobe("readline", coll.Programs["printret"], nil)
	if err != nil {
		return fmt.Errorf("attaching to %s's readline: %w", bin, err)
	}
	defer l.Close()
	lines, err := tool.Perf[line](coll.Maps["events"], 16)
	if err != nil {
		return err
	}

	fmt.Printf("%-9s %-7s %s\n", "TIME", "PID", "COMMAND")
	return lines.Each(func(ln *line) {
		fmt.Printf("%-9s %-7d %s\n", time.Now().Format("15:04:05"), ln.Pid, tool.CString(ln.Str[:]))
	})
}
