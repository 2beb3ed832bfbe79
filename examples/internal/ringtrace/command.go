package ringtrace

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
)

// Command describes one example's tracer; Main runs it.
type Command[T Event] struct {
	Description string // what it traces, for --help
	DefaultObj  string // BPF object path relative to the example directory
	Load        func(obj string) (*Tracer, error)
	Decode      func([]byte) (T, error)
	PID         func(ev T) uint32 // for --pid
}

// Options are the tracers' common flags.
type Options struct {
	Obj   string
	PID   uint32
	JSON  bool
	Count uint
}

// LostCheckInterval is how often Run reads the dropped counter while tracing.
var LostCheckInterval = time.Second

// Main parses the command line, runs the tracer until Ctrl+C (or --count
// events) and exits non-zero on error.
func (c Command[T]) Main() {
	var o Options
	var pid uint
	flag.StringVar(&o.Obj, "obj", c.DefaultObj, "BPF object `path`; the default assumes the example directory is the working directory")
	flag.UintVar(&pid, "pid", 0, "only print events of process `N` (0: all processes)")
	flag.BoolVar(&o.JSON, "json", false, "print one JSON object per event and line")
	flag.UintVar(&o.Count, "count", 0, "exit after `N` printed events (0: run until Ctrl+C)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: %s [flags]\n\n%s\n\n", os.Args[0], c.Description)
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	o.PID = uint32(pid)

	log.SetFlags(0)
	log.SetPrefix("tracer: ")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := c.Run(ctx, o, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// Run loads and attaches the object, prints events to out until ctx is done
// or o.Count events were printed, then detaches. Decode errors and lost
// events are logged as they happen and summed up at the end.
func (c Command[T]) Run(ctx context.Context, o Options, out io.Writer) error {
	// Kernels before 5.11 charge BPF memory to RLIMIT_MEMLOCK; newer ones ignore it.
	if err := rlimit.RemoveMemlock(); err != nil {
		return err
	}
	tr, err := c.Load(o.Obj)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w (build it with scripts/build.sh, or pass -obj)", err)
	}
	if err != nil {
		return err
	}
	defer tr.Close()
	rd, err := NewReader(tr.Events(), c.Decode)
	if err != nil {
		return err
	}
	defer rd.Close()
	log.Printf("attached; printing events (Ctrl+C to stop)")

	done := make(chan struct{})
	watcherDone := make(chan struct{})
	lost := lostReporter{tr: tr}
	go func() {
		defer close(watcherDone)
		tick := time.NewTicker(LostCheckInterval)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				rd.Close() // makes Run return; the defers then detach
				return
			case <-done:
				return
			case <-tick.C:
				lost.check()
			}
		}
	}()

	enc := json.NewEncoder(out)
	var printed, decodeErrors uint
	var writeErr error
	onEvent := func(ev T) bool {
		if o.PID != 0 && c.PID(ev) != o.PID {
			return true
		}
		line := Stamp(ev, time.Now())
		if o.JSON {
			writeErr = enc.Encode(line)
		} else {
			_, writeErr = fmt.Fprintln(out, line)
		}
		printed++
		return writeErr == nil && (o.Count == 0 || printed < o.Count)
	}
	onErr := func(err error) {
		decodeErrors++
		log.Printf("skipped a record: %v", err)
	}
	runErr := rd.Run(onEvent, onErr)
	close(done)
	<-watcherDone // lost is the watcher's until here
	if runErr != nil {
		return runErr
	}
	lost.check()
	if decodeErrors > 0 || lost.total > 0 {
		log.Printf("%d events printed, %d records did not decode, %d events lost (ring buffer full)",
			printed, decodeErrors, lost.total)
	}
	return writeErr
}

// lostReporter logs increases of the program's dropped counter.
type lostReporter struct {
	tr    *Tracer
	total uint64
}

func (l *lostReporter) check() {
	n, err := l.tr.Dropped()
	if err != nil {
		log.Print(err)
		return
	}
	if n > l.total {
		log.Printf("%d events lost: the ring buffer was full", n-l.total)
		l.total = n
	}
}
