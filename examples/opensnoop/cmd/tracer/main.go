// Command tracer is opensnoop: it prints every open(2) and openat(2) on the
// system with its result, in the columns of libbpf-tools' opensnoop, as seen
// by the BPF program in bpf/ (built into build/opensnoop.bpf.o by
// scripts/build.sh). The filters are set in the program before it is loaded.
package main

import (
	"flag"
	"fmt"
	"log"
	"strconv"
	"strings"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/opensnoop/internal/event"
	"github.com/tinybpf/tinybpf/examples/opensnoop/internal/loader"
	"github.com/tinybpf/tinybpf/examples/opensnoop/internal/reader"
)

func main() {
	filters := loader.Filters{UID: loader.AnyUID}
	flag.Func("p", "only trace process `PID`", positiveID("PID", &filters.TGID))
	flag.Func("t", "only trace thread `TID`", positiveID("TID", &filters.PID))
	flag.Func("u", "only trace user `UID`", func(s string) error {
		uid, err := strconv.ParseUint(s, 10, 32)
		if err != nil || uid == loader.AnyUID {
			return fmt.Errorf("invalid UID %q", s)
		}
		filters.UID = uint32(uid)
		return nil
	})
	flag.BoolVar(&filters.FailedOnly, "x", false, "only show failed opens")
	trace.Command[event.Open]{
		Name:     "opensnoop",
		Synopsis: "[-x] [-p PID] [-t TID] [-u UID] [-json] [-obj path]",
		Description: `Trace open family syscalls (open, openat); needs root. Stops on Ctrl+C.

Examples:
    opensnoop           # trace all open() syscalls
    opensnoop -x        # only show failed opens
    opensnoop -p 181    # only trace PID 181
    opensnoop -t 123    # only trace TID 123
    opensnoop -u 1000   # only trace UID 1000`,
		DefaultObj: "build/opensnoop.bpf.o",
		Load: func(obj string) (*trace.Tracer, error) {
			tr, skipped, err := loader.Load(obj, filters)
			if len(skipped) > 0 {
				log.Printf("this kernel has no %s; not traced", strings.Join(skipped, ", "))
			}
			return tr, err
		},
		Reader: reader.New,
		Table:  event.Header,
	}.Main()
}

// positiveID parses -p and -t, which like libbpf-tools' refuse 0.
func positiveID(what string, dst *uint32) func(string) error {
	return func(s string) error {
		id, err := strconv.ParseUint(s, 10, 32)
		if err != nil || id == 0 || id > 1<<31-1 {
			return fmt.Errorf("invalid %s %q", what, s)
		}
		*dst = uint32(id)
		return nil
	}
}
