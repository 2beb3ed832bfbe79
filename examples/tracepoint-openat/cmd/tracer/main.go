// Command tracer prints every openat(2) call on the system, as seen by the
// BPF program in bpf/ (built into build/openat.bpf.o by scripts/build.sh).
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
	"syscall"
	"time"

	"github.com/cilium/ebpf/rlimit"

	"github.com/tinybpf/tinybpf/examples/tracepoint-openat/internal/event"
	"github.com/tinybpf/tinybpf/examples/tracepoint-openat/internal/loader"
	"github.com/tinybpf/tinybpf/examples/tracepoint-openat/internal/reader"
)

func main() {
	obj := flag.String("obj", "build/openat.bpf.o", "BPF object `path`; the default assumes the example directory is the working directory")
	pid := flag.Uint("pid", 0, "only print events of process `N` (0: all processes)")
	asJSON := flag.Bool("json", false, "print one JSON object per line")
	count := flag.Uint("count", 0, "exit after `N` printed events (0: run until Ctrl+C)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: %s [flags]\n\nTraces openat(2) system-wide; needs root.\n\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}

	log.SetFlags(0)
	log.SetPrefix("tracer: ")
	if err := run(*obj, uint32(*pid), *asJSON, *count, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(obj string, pid uint32, asJSON bool, count uint, out io.Writer) error {
	// Kernels before 5.11 charge BPF memory to RLIMIT_MEMLOCK; newer ones ignore it.
	if err := rlimit.RemoveMemlock(); err != nil {
		return err
	}
	tr, err := loader.Load(obj)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w (build it with scripts/build.sh, or pass -obj)", err)
	}
	if err != nil {
		return err
	}
	defer tr.Close()

	rd, err := reader.New(tr.Events())
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
	log.Printf("attached %s to syscalls/sys_enter_openat; Ctrl+C to stop", loader.ProgramName)

	enc := json.NewEncoder(out)
	var printed uint
	var writeErr error
	onEvent := func(ev event.OpenEvent) bool {
		if pid != 0 && ev.PID != pid {
			return true
		}
		rec := event.Record{Time: time.Now(), OpenEvent: ev}
		if asJSON {
			writeErr = enc.Encode(rec)
		} else {
			_, writeErr = fmt.Fprintln(out, rec)
		}
		printed++
		return writeErr == nil && (count == 0 || printed < count)
	}
	// Bad records are logged and skipped: one bad record should not end a trace.
	onErr := func(err error) { log.Print(err) }
	if err := rd.Run(onEvent, onErr); err != nil {
		return err
	}
	return writeErr
}
