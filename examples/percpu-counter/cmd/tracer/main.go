// Command tracer counts system calls on each CPU with the BPF program in bpf/
// (built into build/counter.bpf.o by scripts/build.sh), and prints every
// CPU's count and their sum.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"regexp"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/percpu-counter/internal/loader"
	"github.com/tinybpf/tinybpf/examples/percpu-counter/internal/report"
)

func main() {
	var (
		obj      string
		asJSON   bool
		pid      uint
		syscall  string
		interval time.Duration
	)
	flag.StringVar(&obj, "obj", "build/counter.bpf.o", trace.ObjUsage)
	flag.BoolVar(&asJSON, "json", false, "print one JSON object per reading and line")
	flag.UintVar(&pid, "pid", 0, "only count the calls of process `N` (0: all processes)")
	flag.StringVar(&syscall, "syscall", "", "only count this system call, by `name` (getppid: tracepoint syscalls/sys_enter_getppid); all when empty")
	flag.DurationVar(&interval, "interval", 0, "also print the counts every `duration` (0: only when stopped)")
	trace.Main("tracer", "",
		"Counts system calls on each CPU in a per-CPU array; needs root.\n"+
			"Prints <time> cpu0=N cpu1=N ... total=N when stopped (Ctrl+C), and every -interval.",
		func(ctx context.Context) error {
			if syscall != "" && !regexp.MustCompile(`^[a-z0-9_]+$`).MatchString(syscall) {
				return fmt.Errorf("-syscall %q: want a system call's name, such as getppid", syscall)
			}
			if interval < 0 {
				return fmt.Errorf("-interval %v: want a positive duration", interval)
			}
			return run(ctx, obj, uint32(pid), syscall, interval, asJSON)
		})
}

func run(ctx context.Context, obj string, pid uint32, syscall string, interval time.Duration, asJSON bool) error {
	c, err := loader.Load(obj, pid, syscall)
	if err != nil {
		return err
	}
	defer c.Close()
	log.Printf("attached to %s; Ctrl+C to stop", c.AttachTo())

	enc := json.NewEncoder(os.Stdout)
	print := func() error {
		perCPU, err := c.Counts()
		if err != nil {
			return err
		}
		line := trace.Stamp(report.New(perCPU), time.Now())
		if asJSON {
			return enc.Encode(line)
		}
		_, err = fmt.Println(line)
		return err
	}
	var tick <-chan time.Time
	if interval > 0 {
		t := time.NewTicker(interval)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-tick:
			if err := print(); err != nil {
				return err
			}
		case <-ctx.Done():
			// Detached first, so that the last reading is final.
			if err := c.Detach(); err != nil {
				return err
			}
			if err := print(); err != nil {
				return err
			}
			log.Print("detached")
			return nil
		}
	}
}
