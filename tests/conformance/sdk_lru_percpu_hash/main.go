//go:build tinygo

// bpf.LRUPerCPUHashMap: an LRU hash map where each CPU counts its own runs
// under one key; peek reads CPU 1's value from whatever CPU it runs on
// (LookupOnCPU).
package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

var runs = bpf.LRUPerCPUHashMap[uint32, uint64]{MaxEntries: 4}

//go:section raw_tp/sys_enter
//export count
func count(ctx *bpf.Args) int32 {
	key := uint32(5)
	if v := runs.Lookup(&key); v != nil {
		*v++
		return 0
	}
	one := uint64(1)
	return int32(runs.Update(&key, &one, bpf.UpdateNoExist))
}

//go:section raw_tp/sys_enter
//export peek
func peek(ctx *bpf.Args) int32 {
	key := uint32(5)
	if v := runs.LookupOnCPU(&key, 1); v != nil {
		return int32(*v)
	}
	return -1
}

func main() {}
