//go:build tinygo

// bpf.PerCPUArray: each CPU adds to its own value at index 0; total sums both
// CPUs' values with LookupOnCPU.
package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

var perCPU = bpf.PerCPUArray[uint64]{MaxEntries: 2}

//go:section raw_tp/sys_enter
//export add
func add(ctx *bpf.Args) int32 {
	if v := perCPU.Lookup(0); v != nil {
		*v += 10
	}
	cpu := uint64(bpf.GetSmpProcessorId())
	return int32(perCPU.Update(1, &cpu, bpf.UpdateAny))
}

//go:section raw_tp/sys_enter
//export total
func total(ctx *bpf.Args) int32 {
	var sum uint64
	for cpu := uint32(0); cpu < 2; cpu++ {
		if v := perCPU.LookupOnCPU(0, cpu); v != nil {
			sum += *v
		}
	}
	return int32(sum)
}

func main() {}
