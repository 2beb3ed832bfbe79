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
	binary := flag.String("binary", "", "the executable or shared library, by `path` (needed)")
	symbol := flag.String("symbol", "", "the function, by its ELF symbol `name` (needed)")
	withStr := flag.Bool("str", false, "the function returns a C string (char *): print it too")
	trace.Command[event.Return]{
		Name: "tracer",
		Description: "Prints the value a user-space function returns (a uretprobe); needs root.\n" +
			"One line per return: <time> pid=N tid=N ret=N, or with -str ret=0xADDR str=\"...\".",
		DefaultObj: "build/uretprobe.bpf.o",
		LoadFiltered: func(obj string, o trace.Options) (*trace.Tracer, error) {
			if *binary == "" || *symbol == "" {
				return nil, errors.New("-binary and -symbol are needed: which function's returns to print")
			}
			return loader.Load(obj, *binary, *symbol, o.PID, *withStr)
		},
		Reader: func(m *ebpf.Map) (trace.Reader[event.Return], error) {
			return trace.NewRingReader(m, event.Decoder(*withStr))
		},
		PID: func(r event.Return) uint32 { return r.PID },
	}.Main()
}
