// Package loader loads the fentry-unlink objects and attaches their fentry
// and fexit programs to do_unlinkat.
package loader

import (
	"errors"
	"fmt"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"

	"github.com/tinybpf/tinybpf/examples/internal/ringtrace"
)

// Programs of bpf/unlink.go (ring buffer) and of bpf/printk/printk.go
// (bpf_printk); their sections, fentry/do_unlinkat and fexit/do_unlinkat, name
// the traced function.
var (
	RingbufPrograms = []string{"do_unlinkat_entry", "do_unlinkat_exit"}
	PrintkPrograms  = []string{"do_unlinkat", "do_unlinkat_exit"}
)

// Load loads bpf/unlink.go's object at path and attaches its programs.
func Load(path string) (*ringtrace.Tracer, error) {
	coll, err := ringtrace.Load(path, RingbufPrograms...)
	if err != nil {
		return nil, err
	}
	links, err := attach(coll, RingbufPrograms)
	if err != nil {
		coll.Close()
		return nil, err
	}
	return ringtrace.NewTracer(coll, links...), nil
}

// LoadPrintk loads bpf/printk/printk.go's object at path and attaches its
// programs; their lines go to /sys/kernel/tracing/trace_pipe.
// The tracer's Events and Dropped do not apply: the object has no ring buffer.
func LoadPrintk(path string) (*ringtrace.Tracer, error) {
	coll, err := ringtrace.LoadPrograms(path, PrintkPrograms...)
	if err != nil {
		return nil, err
	}
	links, err := attach(coll, PrintkPrograms)
	if err != nil {
		coll.Close()
		return nil, err
	}
	return ringtrace.NewTracer(coll, links...), nil
}

// attach attaches each named tracing program where its section says
// (fentry/... or fexit/...); on error it detaches what it attached.
func attach(coll *ebpf.Collection, names []string) ([]link.Link, error) {
	var links []link.Link
	for _, name := range names {
		l, err := link.AttachTracing(link.TracingOptions{Program: coll.Programs[name]})
		if err != nil {
			return nil, errors.Join(fmt.Errorf("attach %s: %w", name, err), ringtrace.CloseLinks(links))
		}
		links = append(links, l)
	}
	return links, nil
}
