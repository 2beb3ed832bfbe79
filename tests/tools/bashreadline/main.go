// Command bashreadline prints the lines bash reads with readline, like
// libbpf-tools' bashreadline, with the BPF program of ./bpf (built by
// tinybpf) loaded by cilium/ebpf and attached to bash's readline as a
// uretprobe. It prints the same columns: TIME PID COMMAND.
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/perf"
)

// line mirrors the BPF side's record.
type line struct {
	Pid uint32
	Str [80]byte
}

func main() {
	obj := flag.String("obj", "build/bashreadline.bpf.o", "the BPF object")
	bin := flag.String("bin", "/bin/bash", "the executable (or library) whose readline to trace")
	flag.Parse()
	if err := run(*obj, *bin); err != nil {
		fmt.Fprintln(os.Stderr, "bashreadline:", err)
		os.Exit(1)
	}
}

func run(obj, bin string) error {
	coll, err := ebpf.LoadCollection(obj)
	if err != nil {
		var ve *ebpf.VerifierError
		if errors.As(err, &ve) {
			return fmt.Errorf("%w\n%+v", err, ve) // and the verifier's whole log
		}
		return err
	}
	defer coll.Close()
	ex, err := link.OpenExecutable(bin)
	if err != nil {
		return err
	}
	l, err := ex.Uretprobe("readline", coll.Programs["printret"], nil)
	if err != nil {
		return fmt.Errorf("attaching to %s's readline: %w", bin, err)
	}
	defer l.Close()
	rd, err := perf.NewReader(coll.Maps["events"], 16*os.Getpagesize())
	if err != nil {
		return err
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() { <-stop; rd.Close() }()

	fmt.Printf("%-9s %-7s %s\n", "TIME", "PID", "COMMAND")
	var ln line
	for {
		rec, err := rd.Read()
		if errors.Is(err, perf.ErrClosed) {
			return nil
		} else if err != nil {
			return err
		}
		if rec.LostSamples > 0 {
			fmt.Fprintf(os.Stderr, "lost %d samples on CPU %d\n", rec.LostSamples, rec.CPU)
			continue
		}
		if err := binary.Read(bytes.NewReader(rec.RawSample), binary.NativeEndian, &ln); err != nil {
			return fmt.Errorf("decoding a record of %d bytes: %w", len(rec.RawSample), err)
		}
		str := ln.Str[:]
		if i := bytes.IndexByte(str, 0); i >= 0 {
			str = str[:i]
		}
		fmt.Printf("%-9s %-7d %s\n", time.Now().Format("15:04:05"), ln.Pid, str)
	}
}
