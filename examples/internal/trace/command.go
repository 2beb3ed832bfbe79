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
	// LoadFiltered, if set, is used instead of Load and gets the options:
	// a program that filters by process in the kernel (-pid) then also
	// counts only that process's lost events.
	LoadFiltered func(obj string, o Options) (*Tracer, error)
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
	// A closed stdout (tracer | head) is an error from the write, which ends
	// the trace like Ctrl+C does, not a death by SIGPIPE.
	signal.Ignore(syscall.SIGPIPE)
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

// Summary is what a tracer says when it stops, as the last line of -json
// output ({"summary": {...}}) and in its last log line.
type Summary struct {
	Printed uint `json:"printed"`
	// Lost is every event the programs sent or tried to send that was not
	// read: KernelDrops when the programs count them (those include what a
	// perf buffer reports), else PerfLostSamples.
	Lost uint64 `json:"lost"`
	// KernelDrops is the programs' own count of events they could not send
	// (a full ring buffer, a failed bpf_perf_event_output); absent when
	// the object does not count them.
	KernelDrops *uint64 `json:"kernel_drops,omitempty"`
	// PerfLostSamples is what the perf buffers reported lost (perf event
	// arrays only). The kernel reports them with the next sample that fits
	// on that CPU, so they may arrive late or not at all.
	PerfLostSamples uint64 `json:"perf_lost_samples"`
	Undecodable     uint   `json:"undecodable"`
}

// Run loads and attaches the object, prints events to out until ctx is done
// or o.Count events were printed, then detaches. Records that do not decode
// and lost events are logged as they happen and counted in the last line.
// When ctx is done the programs are detached first and what the buffers
// still hold is printed, so that printed plus lost is every event the
// programs saw. A closed out (EPIPE) ends the trace without an error.
func (c Command[T]) Run(ctx context.Context, o Options, out io.Writer) error {
	load := c.Load
	if c.LoadFiltered != nil {
		load = func(obj string) (*Tracer, error) { return c.LoadFiltered(obj, o) }
	}
	tr, err := Open(load, o.Obj)
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
				// Detached, the programs send nothing more; Flush makes Run
				// read what the buffers hold, then return.
				if err := tr.Detach(); err != nil {
					log.Print(err)
				}
				if err := rd.Flush(); err != nil {
					rd.Close()
				}
				return
			case <-done:
				return
			case <-tick.C:
				dropped.check()
			}
		}
	}()

	enc := json.NewEncoder(out)
	var sum Summary
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
			if writeErr == nil {
				sum.Printed++
			}
			return writeErr == nil && (o.Count == 0 || sum.Printed < o.Count)
		},
		DecodeError: func(err error) {
			sum.Undecodable++
			log.Printf("skipped a record: %v", err)
		},
		Lost: func(cpu int, samples uint64) {
			sum.PerfLostSamples += samples
			log.Printf("lost %d samples on CPU %d (perf buffer full)", samples, cpu)
		},
	})
	close(done)
	<-watcherDone                       // dropped is the watcher's until here
	if err := tr.Detach(); err != nil { // -count, or a write that failed
		log.Print(err)
	}
	dropped.check()
	sum.Lost = sum.PerfLostSamples
	if tr.CountsDrops() {
		sum.KernelDrops = &dropped.total
		sum.Lost = dropped.total
		if sum.PerfLostSamples > 0 {
			log.Printf("the programs counted %d events they could not send; the perf buffers "+
				"reported %d of them as lost samples", dropped.total, sum.PerfLostSamples)
		}
	}
	line := fmt.Sprintf("detached; %d events printed, %d lost", sum.Printed, sum.Lost)
	if sum.Undecodable > 0 {
		line += fmt.Sprintf(", %d did not decode", sum.Undecodable)
	}
	log.Print(line)
	if o.JSON && writeErr == nil {
		writeErr = enc.Encode(struct {
			Summary Summary `json:"summary"`
		}{sum})
	}
	if runErr != nil {
		return runErr
	}
	if errors.Is(writeErr, syscall.EPIPE) {
		return nil // the reader of our output is gone: a normal end
	}
	return writeErr
}

// droppedReporter logs increases of the programs' dropped counter.
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
		log.Printf("%d events lost: %s", n-d.total, d.why())
		d.total = n
	}
}

func (d *droppedReporter) why() string {
	if m := d.tr.Events(); m != nil && m.Type() == ebpf.PerfEventArray {
		return "the perf buffer was full"
	}
	return "the ring buffer was full"
}
