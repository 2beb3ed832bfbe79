// Command tracer denies opening the files named with -deny, with the LSM
// program in bpf/ (built into build/deny.bpf.o by scripts/build.sh) on the
// file_open hook, and prints each open it refused: pid, command, file. The
// files can be opened again once it exits.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/cilium/ebpf"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/lsm-file-open/internal/event"
	"github.com/tinybpf/tinybpf/examples/lsm-file-open/internal/loader"
	"github.com/tinybpf/tinybpf/examples/lsm-file-open/internal/reader"
)

func main() {
	var paths []string
	flag.Func("deny", "refuse opening the file at `path` (repeatable; required); it must exist", func(s string) error {
		paths = append(paths, s)
		return nil
	})
	trace.Command[event.Denied]{
		Name:     "tracer",
		Synopsis: "-deny PATH [-deny PATH]... [flags]",
		Description: "Refuses opening the files named by -deny with EPERM, for every process, root's too, with\n" +
			"an LSM program on file_open (kernel with BTF and the BPF LSM active: \"bpf\" in\n" +
			"/sys/kernel/security/lsm, else boot with lsm=...,bpf), and prints each refused open.\n" +
			"Needs root. A file is known by its inode: renaming it does not escape the rule.",
		DefaultObj: "build/deny.bpf.o",
		Load: func(obj string) (*trace.Tracer, error) {
			if len(paths) == 0 {
				fmt.Fprintln(flag.CommandLine.Output(), "tracer: -deny is required")
				flag.Usage()
				os.Exit(2)
			}
			// Held open until the process exits (loader.Rules says why).
			rules, err := loader.OpenRules(paths)
			if err != nil {
				return nil, err
			}
			return loader.Load(obj, rules)
		},
		// paths are known once the flags are parsed, before the reader opens.
		Reader: func(m *ebpf.Map) (trace.Reader[event.Denied], error) { return reader.New(paths)(m) },
		PID:    func(ev event.Denied) uint32 { return ev.PID },
	}.Main()
}
