package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

// top's template is itself a map of maps, which loaders refuse.
var leaf = bpf.Array[uint32]{MaxEntries: 1}
var mid = bpf.ArrayOfMaps[bpf.Array[uint32]]{MaxEntries: 1, Inner: &leaf}
var top = bpf.ArrayOfMaps[bpf.ArrayOfMaps[bpf.Array[uint32]]]{MaxEntries: 1, Inner: &mid}

//go:section raw_tp/sys_enter
//export use
func use(ctx *bpf.Args) int32 {
	if top.Lookup(0) != nil || mid.Lookup(0) != nil {
		return 1
	}
	return 0
}

func main() {}
