// Command tracer prints what a user-space function returns, each time it
// returns, as seen by the uretprobe in bpf/ (built into
// build/uretprobe.bpf.o by scripts/build.sh).
package main

import (
	"errors"
	"flag"

	"github.com/cilium/ebpf"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/uprobe/internal/event"
	"github.com/tinybpf/tinybpf/examples/uprobe/internal/loader"
)

func main() {
	binary := flag.String("binary", "/bin/bash", "the executable or shared library, by `path`")
	symbol := flag.String("symbol", "readline", "the function, by its ELF symbol `name`")
	withStr := flag.Bool("str", false, "the function returns a C string (char *): print it too")
	trace.Command[event.Return]{
		Name: "tracer",
		Description: "Prints the value a user-space function returns (a uretprobe); needs root.\n" +
			"One line per return: <time> pid=N tid=N ret=N, or with -str ret=0xADDR str=\"...\".\n" +
			"By default bash's readline: with -str, the command lines interactive shells read.",
		DefaultObj: "build/uretprobe.bpf.o",
		LoadFiltered: func(obj string, o trace.Options) (*trace.Tracer, error) {
			if *binary == "" || *symbol == "" {
				return nil, errors.New("-binary and -symbol must not be empty: which function's returns to print")
			}
			return loader.Load(obj, *binary, *symbol, o.PID, *withStr)
		},
		Reader: func(m *ebpf.Map) (trace.Reader[event.Return], error) {
			return trace.NewRingReader(m, event.Decoder(*withStr))
		},
		PID: func(r event.Return) uint32 { return r.PID },
	}.Main()
}
