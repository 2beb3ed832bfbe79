// Command tracer prints every call of the kernel's do_sys_openat2 (open,
// openat, openat2, creat) with pid, uid, flags, command and file name, as seen
// by the kprobe in bpf/ (built into build/openat.bpf.o by scripts/build.sh).
package main

import (
	"github.com/tinybpf/tinybpf/examples/internal/ringtrace"
	"github.com/tinybpf/tinybpf/examples/kprobe-openat/internal/event"
	"github.com/tinybpf/tinybpf/examples/kprobe-openat/internal/loader"
)

func main() {
	ringtrace.Command[event.OpenEvent]{
		Description: "Traces file opens system-wide with a kprobe on do_sys_openat2; needs root.",
		DefaultObj:  "build/openat.bpf.o",
		Load:        loader.Load,
		Decode:      event.Decode,
		PID:         func(ev event.OpenEvent) uint32 { return ev.PID },
	}.Main()
}
