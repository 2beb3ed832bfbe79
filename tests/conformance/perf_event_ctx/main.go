//go:build tinygo

// The perf_event context (bpf.PerfEventData) through the SDK: attached to a
// task-clock event of the runner's own thread (expect.json "perf_event"),
// it records the sample period the event was opened with and whether the
// sampled registers hold an instruction pointer.
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

var period uint64
var haveIP uint32

//go:section perf_event
//export on_sample
func on_sample(ctx *bpf.PerfEventData) int32 {
	period = ctx.SamplePeriod
	if ctx.Regs.Rip != 0 {
		haveIP = 1
	}
	return 0
}

func main() {}
