// Package loader loads the uretprobe's BPF object and attaches its program to
// the return of a function in an executable or library.
package loader

import (
	"fmt"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// ProgramName is the program the object must contain (from bpf/uretprobe.go).
const ProgramName = "uretprobe_ret"

// Load loads the BPF object at path and attaches its program to the return
// of symbol in the ELF file binary (an executable or a shared library). With
// pid > 0 only that process's returns are sent (the program's .rodata
// targTgid); withStr makes the program read the C string the return value
// points to.
func Load(path, binary, symbol string, pid uint32, withStr bool) (*trace.Tracer, error) {
	// Opened first: a wrong path or symbol is the user's error, reported
	// before anything is loaded.
	ex, err := link.OpenExecutable(binary)
	if err != nil {
		// %v, not %w: this missing file is not the object (trace.Open's hint).
		return nil, fmt.Errorf("-binary: %v", err)
	}
	attach := func(p *ebpf.Program) (link.Link, error) {
		return ex.Uretprobe(symbol, p, nil)
	}
	readStr := uint32(0)
	if withStr {
		readStr = 1
	}
	return trace.Load(path, trace.Object{
		Programs:  map[string]trace.Program{ProgramName: {Type: ebpf.Kprobe, Attach: attach}},
		Events:    ebpf.RingBuf,
		Constants: map[string]any{"targTgid": pid, "readStr": readStr},
		AttachTo:  fmt.Sprintf("uretprobe %s:%s", binary, symbol),
	})
}
