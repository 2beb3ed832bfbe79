// Package loader loads the connect tracer's BPF object and attaches it.
package loader

import (
	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// The programs the object must contain (from bpf/connect.go).
const (
	EnterProgram = "enter_connect"
	ExitProgram  = "exit_connect"
)

// Load loads the BPF object at path and attaches its programs to the
// syscalls/sys_enter_connect and sys_exit_connect tracepoints. With pid > 0
// the programs keep only that process's connects (the .rodata targTgid).
func Load(path string, pid uint32) (*trace.Tracer, error) {
	tracepoint := func(name string) func(p *ebpf.Program) (link.Link, error) {
		return func(p *ebpf.Program) (link.Link, error) { return link.Tracepoint("syscalls", name, p, nil) }
	}
	return trace.Load(path, trace.Object{
		Programs: map[string]trace.Program{
			EnterProgram: {Type: ebpf.TracePoint, Attach: tracepoint("sys_enter_connect")},
			ExitProgram:  {Type: ebpf.TracePoint, Attach: tracepoint("sys_exit_connect")},
		},
		Events:    ebpf.RingBuf,
		Constants: map[string]any{"targTgid": pid},
		AttachTo:  "tracepoints syscalls/sys_enter_connect and sys_exit_connect",
	})
}
