// Command tracer prints every successful execve(2) on the system, as seen by
// the BPF program in bpf/ (built into build/sched.bpf.o by scripts/build.sh):
// the pid, tgid and comm the program read from the kernel's task_struct.
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

	"github.com/tinybpf/tinybpf/examples/rawtp-sched/internal/event"
	"github.com/tinybpf/tinybpf/examples/rawtp-sched/internal/loader"
	"github.com/tinybpf/tinybpf/examples/rawtp-sched/internal/reader"
)

func main() {
	obj := flag.String("obj", "build/sched.bpf.o", "BPF object `path`; the default assumes the example directory is the working directory")
	asJSON := flag.Bool("json", false, "print one JSON object per line")
	pages := flag.Int("pages", 16, "perf buffer size per CPU, in `pages`; a full buffer loses samples, which are reported")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: %s [flags]\n\nTraces execve(2) system-wide through the sched_process_exec raw tracepoint; needs root.\nOne line per exec: <time> pid=N tgid=N comm=NAME. Stops on Ctrl+C.\n\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 || *pages < 1 {
		flag.Usage()
		os.Exit(2)
	}

	log.SetFlags(0)
	log.SetPrefix("tracer: ")
	if err := run(*obj, *asJSON, *pages*os.Getpagesize(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(obj string, asJSON bool, perCPUBytes int, out io.Writer) error {
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

	rd, err := reader.New(tr.Events(), perCPUBytes)
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
	log.Printf("attached %s to raw tracepoint %s; Ctrl+C to stop", loader.ProgramName, loader.Tracepoint)

	enc := json.NewEncoder(out)
	var printed, lost uint64
	var writeErr error
	err = rd.Run(reader.Handlers{
		Event: func(ev event.Exec) bool {
			rec := event.Record{Time: time.Now(), Exec: ev}
			if asJSON {
				writeErr = enc.Encode(rec)
			} else {
				_, writeErr = fmt.Fprintln(out, rec)
			}
			printed++
			return writeErr == nil
		},
		Lost: func(cpu int, samples uint64) {
			lost += samples
			log.Printf("lost %d samples on CPU %d (perf buffer full; try a larger -pages)", samples, cpu)
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
