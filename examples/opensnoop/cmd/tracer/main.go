// Command tracer is opensnoop: it prints every open(2) and openat(2) on the
// system with its result, in the columns of libbpf-tools' opensnoop, as seen
// by the BPF program in bpf/ (built into build/opensnoop.bpf.o by
// scripts/build.sh). The filters are set in the program before it is loaded.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cilium/ebpf/rlimit"

	"github.com/tinybpf/tinybpf/examples/opensnoop/internal/event"
	"github.com/tinybpf/tinybpf/examples/opensnoop/internal/loader"
	"github.com/tinybpf/tinybpf/examples/opensnoop/internal/reader"
)

// perfBufferPages is each CPU's perf buffer, as in libbpf-tools.
const perfBufferPages = 16

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
	asJSON := flag.Bool("json", false, "print one JSON object per open instead of the columns")
	obj := flag.String("obj", "build/opensnoop.bpf.o", "BPF object `path`; the default assumes the example directory is the working directory")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), `Usage: %s [-x] [-p PID] [-t TID] [-u UID] [-json] [-obj path]

Trace open family syscalls (open, openat); needs root. Stops on Ctrl+C.

Examples:
    opensnoop           # trace all open() syscalls
    opensnoop -x        # only show failed opens
    opensnoop -p 181    # only trace PID 181
    opensnoop -t 123    # only trace TID 123
    opensnoop -u 1000   # only trace UID 1000

`, os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}

	log.SetFlags(0)
	log.SetPrefix("opensnoop: ")
	if err := run(*obj, filters, *asJSON, os.Stdout); err != nil {
		log.Fatal(err)
	}
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

func run(obj string, filters loader.Filters, asJSON bool, out io.Writer) error {
	// Kernels before 5.11 charge BPF memory to RLIMIT_MEMLOCK; newer ones ignore it.
	if err := rlimit.RemoveMemlock(); err != nil {
		return err
	}
	tr, err := loader.Load(obj, filters)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w (build it with scripts/build.sh, or pass -obj)", err)
	}
	if err != nil {
		return err
	}
	defer tr.Close()

	rd, err := reader.New(tr.Events(), perfBufferPages*os.Getpagesize())
	if err != nil {
		return err
	}
	defer rd.Close()

	// A signal closes the reader, which makes Run return; the defers then detach.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		rd.Close()
	}()
	if len(tr.Skipped) > 0 {
		log.Printf("this kernel has no %s; not traced", strings.Join(tr.Skipped, ", "))
	}
	log.Print("attached; Ctrl+C to stop")
	if !asJSON {
		fmt.Fprintln(out, event.Header)
	}

	enc := json.NewEncoder(out)
	var printed, lost uint64
	var writeErr error
	err = rd.Run(reader.Handlers{
		Event: func(ev event.Open) bool {
			if asJSON {
				writeErr = enc.Encode(event.Record{Time: time.Now(), Open: ev})
			} else {
				_, writeErr = fmt.Fprintln(out, ev.Row())
			}
			printed++
			return writeErr == nil
		},
		Lost: func(cpu int, samples uint64) {
			lost += samples
			log.Printf("lost %d events on CPU %d (perf buffer full)", samples, cpu)
		},
		// One bad record should not end a trace.
		DecodeError: func(err error) { log.Print(err) },
	})
	log.Printf("detached; %d events printed, %d lost", printed, lost)
	if err != nil {
		return err
	}
	return writeErr
}
