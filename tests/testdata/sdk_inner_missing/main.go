package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

// outer names no template; mixed has inner maps defined differently.
var outer = bpf.ArrayOfMaps[bpf.Array[uint32]]{MaxEntries: 2}

var small = bpf.Array[uint32]{MaxEntries: 1}
var big = bpf.Array[uint32]{MaxEntries: 64}
var mixed = bpf.ArrayOfMaps[bpf.Array[uint32]]{MaxEntries: 2, Values: []*bpf.Array[uint32]{&small, &big}}

//go:section raw_tp/sys_enter
//export use
func use(ctx *bpf.Args) int32 {
	if outer.Lookup(0) != nil || mixed.Lookup(1) != nil {
		return 1
	}
	return 0
}

func main() {}
