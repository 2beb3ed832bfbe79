package trace

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

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/rlimit"
)

// Command is one example's tracer: what it loads, how it reads the events
// and how it prints them. Main runs it.
type Command[T Event] struct {
	Name        string // prefix of its log lines: "tracer"
	Synopsis    string // what follows the program's name in --help's usage line; "[flags]" if empty
	Description string // --help's text between the usage line and the flags
	DefaultObj  string // BPF object path relative to the example directory
	Load        func(obj string) (*Tracer, error)
	Reader      func(events *ebpf.Map) (Reader[T], error)
	// PID, if set, gives the -pid and -count flags: the event's process id.
	PID func(T) uint32
	// Table, if set, makes the text output a table, as libbpf-tools print
	// one: this heading, then each event's Text() without the time.
	Table string
}

// Options are the tracers' common flags.
type Options struct {
	Obj   string
	JSON  bool
	PID   uint32 // 0: all processes
	Count uint   // 0: until Ctrl+C
}

// LostCheckInterval is how often Run reads a ring buffer program's dropped
// counter while tracing.
var LostCheckInterval = time.Second

// Main registers the common flags beside those the example's main registered
// before, and runs the tracer until Ctrl+C (or -count events).
func (c Command[T]) Main() {
	var o Options
	var pid uint
	flag.StringVar(&o.Obj, "obj", c.DefaultObj, ObjUsage)
	flag.BoolVar(&o.JSON, "json", false, "print one JSON object per event and line")
	if c.PID != nil {
		flag.UintVar(&pid, "pid", 0, "only print events of process `N` (0: all processes)")
		flag.UintVar(&o.Count, "count", 0, "exit after `N` printed events (0: run until Ctrl+C)")
	}
	Main(c.Name, c.Synopsis, c.Description, func(ctx context.Context) error {
		o.PID = uint32(pid)
		return c.Run(ctx, o, os.Stdout)
	})
}

// ObjUsage is the usage text of every command's -obj flag.
const ObjUsage = "BPF object `path`; the default assumes the example directory is the working directory"

// Main is every example command's frame: it parses the flags registered
// before it (arguments are a usage error, exit status 2), prefixes log lines
// with name, and runs run with a context that Ctrl+C or SIGTERM cancels. An
// error from run is logged and exits with status 1.
func Main(name, synopsis, description string, run func(context.Context) error) {
	if synopsis == "" {
		synopsis = "[flags]"
	}
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: %s %s\n\n%s\n\n", os.Args[0], synopsis, description)
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	log.SetFlags(0)
	log.SetPrefix(name + ": ")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		log.Fatal(err)
	}
}

// Open loads the object at obj with load, after lifting the memory lock limit
// that kernels before 5.11 charge BPF memory to (newer ones ignore it).
func Open(load func(obj string) (*Tracer, error), obj string) (*Tracer, error) {
	if err := rlimit.RemoveMemlock(); err != nil {
		return nil, err
	}
	tr, err := load(obj)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w (build it with scripts/build.sh, or pass -obj)", err)
	}
	return tr, err
}

// Run loads and attaches the object, prints events to out until ctx is done
// or o.Count events were printed, then detaches. Records that do not decode
// and lost events are logged as they happen and counted in the last line.
func (c Command[T]) Run(ctx context.Context, o Options, out io.Writer) error {
	tr, err := Open(c.Load, o.Obj)
	if err != nil {
		return err
	}
	defer tr.Close()
	rd, err := c.Reader(tr.Events())
	if err != nil {
		return err
	}
	defer rd.Close()
	log.Printf("attached to %s; Ctrl+C to stop", tr.AttachTo())
	if c.Table != "" && !o.JSON {
		fmt.Fprintln(out, c.Table)
	}

	// The watcher ends the trace on Ctrl+C and reads the dropped counter.
	done := make(chan struct{})
	watcherDone := make(chan struct{})
	dropped := droppedReporter{tr: tr}
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
				dropped.check()
			}
		}
	}()

	enc := json.NewEncoder(out)
	var printed, decodeErrors uint
	var lost uint64
	var writeErr error
	runErr := rd.Run(Handlers[T]{
		Event: func(ev T) bool {
			if o.PID != 0 && c.PID(ev) != o.PID {
				return true
			}
			switch {
			case o.JSON:
				writeErr = enc.Encode(Stamp(ev, time.Now()))
			case c.Table != "":
				_, writeErr = fmt.Fprintln(out, ev.Text())
			default:
				_, writeErr = fmt.Fprintln(out, Stamp(ev, time.Now()))
			}
			printed++
			return writeErr == nil && (o.Count == 0 || printed < o.Count)
		},
		DecodeError: func(err error) {
			decodeErrors++
			log.Printf("skipped a record: %v", err)
		},
		Lost: func(cpu int, samples uint64) {
			lost += samples
			log.Printf("lost %d samples on CPU %d (perf buffer full)", samples, cpu)
		},
	})
	close(done)
	<-watcherDone // dropped is the watcher's until here
	dropped.check()
	lost += dropped.total
	summary := fmt.Sprintf("detached; %d events printed, %d lost", printed, lost)
	if decodeErrors > 0 {
		summary += fmt.Sprintf(", %d did not decode", decodeErrors)
	}
	log.Print(summary)
	if runErr != nil {
		return runErr
	}
	return writeErr
}

// droppedReporter logs increases of a ring buffer program's dropped counter.
type droppedReporter struct {
	tr    *Tracer
	total uint64
}

func (d *droppedReporter) check() {
	n, err := d.tr.Dropped()
	if err != nil {
		log.Print(err)
		return
	}
	if n > d.total {
		log.Printf("%d events lost: the ring buffer was full", n-d.total)
		d.total = n
	}
}
