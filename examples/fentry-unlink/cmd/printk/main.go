// Command printk attaches the bpf_printk programs of bpf/printk (built into
// build/unlink_printk.bpf.o by scripts/build.sh) until Ctrl+C; their lines
// appear in the kernel's trace buffer:
//
//	cat /sys/kernel/tracing/trace_pipe | grep "My internal print ==> "
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/cilium/ebpf/rlimit"

	"github.com/tinybpf/tinybpf/examples/fentry-unlink/internal/loader"
)

func main() {
	obj := flag.String("obj", "build/unlink_printk.bpf.o", "BPF object `path`; the default assumes the example directory is the working directory")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: %s [flags]\n\n"+
			"Attaches fentry and fexit programs on do_unlinkat that bpf_printk each call\n"+
			"to /sys/kernel/tracing/trace_pipe, until Ctrl+C; needs root.\n\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	log.SetFlags(0)
	log.SetPrefix("printk: ")
	if err := run(*obj); err != nil {
		log.Fatal(err)
	}
}

func run(obj string) error {
	if err := rlimit.RemoveMemlock(); err != nil {
		return err
	}
	tr, err := loader.LoadPrintk(obj)
	if err != nil {
		return err
	}
	defer tr.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log.Print("attached; read the lines from /sys/kernel/tracing/trace_pipe (Ctrl+C to detach)")
	<-ctx.Done()
	return nil
}
