package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

// Each map is wrong in one way the kernel would refuse at load.
var routes = bpf.LPMTrie[[4]byte, uint32]{MaxEntries: 16}
var counts = bpf.HashMap[uint32, uint64]{}
var perTask = bpf.TaskStorage[uint64]{}
var events = bpf.RingBuf[uint64]{MaxEntries: 5000}
var perCPU = bpf.PerCPUArray[uint64]{}
var perCPUCounts = bpf.PerCPUHashMap[uint32, uint64]{}

//go:section raw_tp/sys_enter
//export use
func use(ctx *bpf.Args) int32 {
	k := uint32(1)
	key := bpf.LPMKey[[4]byte]{Prefixlen: 32}
	var n int32
	if routes.Lookup(&key) != nil {
		n++
	}
	if counts.Lookup(&k) != nil {
		n++
	}
	if perTask.Get(bpf.GetCurrentTaskBtf(), nil, 0) != nil {
		n++
	}
	if events.Reserve(0) != nil {
		n++
	}
	if perCPU.Lookup(0) != nil {
		n++
	}
	if perCPUCounts.Lookup(&k) != nil {
		n++
	}
	return n
}

func main() {}
