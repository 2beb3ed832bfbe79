// Command tracer prints every successful execve(2) on the system, as seen by
// the BPF program in bpf/ (built into build/sched.bpf.o by scripts/build.sh):
// the pid, tgid and comm the program read from the kernel's task_struct.
package main

import (
	"errors"
	"flag"
	"strconv"

	"github.com/cilium/ebpf"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/rawtp-sched/internal/event"
	"github.com/tinybpf/tinybpf/examples/rawtp-sched/internal/loader"
	"github.com/tinybpf/tinybpf/examples/rawtp-sched/internal/reader"
)

func main() {
	pages := 16
	flag.Func("pages", "perf buffer size per CPU, in `pages` (default 16); a full buffer loses samples, which are reported",
		func(s string) error {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				return errors.New("want a number of pages, 1 or more")
			}
			pages = n
			return nil
		})
	trace.Command[event.Exec]{
		Name: "tracer",
		Description: "Traces execve(2) system-wide through the sched_process_exec raw tracepoint; needs root.\n" +
			"One line per exec: <time> pid=N tgid=N comm=NAME. Stops on Ctrl+C.",
		DefaultObj: "build/sched.bpf.o",
		Load:       loader.Load,
		Reader: func(m *ebpf.Map) (trace.Reader[event.Exec], error) {
			return reader.New(m, pages)
		},
	}.Main()
}
