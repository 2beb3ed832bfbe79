// Command printk attaches the bpf_printk programs of bpf/printk (built into
// build/unlink_printk.bpf.o by scripts/build.sh) until Ctrl+C; their lines
// appear in the kernel's trace buffer:
//
//	cat /sys/kernel/tracing/trace_pipe | grep "My internal print ==> "
package main

import (
	"context"
	"flag"
	"log"

	"github.com/tinybpf/tinybpf/examples/fentry-unlink/internal/loader"
	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

func main() {
	obj := flag.String("obj", "build/unlink_printk.bpf.o", trace.ObjUsage)
	trace.Main("printk", "", "Attaches fentry and fexit programs on do_unlinkat that bpf_printk each call\n"+
		"to /sys/kernel/tracing/trace_pipe, until Ctrl+C; needs root.",
		func(ctx context.Context) error {
			tr, err := trace.Open(loader.LoadPrintk, *obj)
			if err != nil {
				return err
			}
			defer tr.Close()
			log.Print("attached; read the lines from /sys/kernel/tracing/trace_pipe (Ctrl+C to detach)")
			<-ctx.Done()
			return nil
		})
}
