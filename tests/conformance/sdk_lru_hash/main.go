//go:build tinygo

// bpf.LRUHashMap: a map that evicts its least recently used key when full.
// With one entry, each new key replaces the last one.
package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

var recent = bpf.LRUHashMap[uint64, uint32]{MaxEntries: 1, Flags: bpf.MapNoCommonLru}

var next uint64

//go:section raw_tp/sys_enter
//export remember
func remember(ctx *bpf.Args) int32 {
	next++
	key, value := next, uint32(next*10)
	if recent.Update(&key, &value, bpf.UpdateAny) != 0 {
		return 1
	}
	if v := recent.Lookup(&key); v == nil || *v != value {
		return 2
	}
	return 0
}

func main() {}
