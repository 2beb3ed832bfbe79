//go:build tinygo

// bpf.ArrayOfMaps and bpf.HashOfMaps: typed inner maps. byIndex starts with a
// in slot 0 and b in slot 1; byName has only its template (Inner), user space
// would fill it.
package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

type counter = bpf.Array[uint64]

var a = counter{MaxEntries: 1}
var b = counter{MaxEntries: 1}

var byIndex = bpf.ArrayOfMaps[counter]{MaxEntries: 2, Values: []*counter{&a, &b}}

var template = bpf.HashMap[uint32, uint32]{MaxEntries: 8}

var byName = bpf.HashOfMaps[uint64, bpf.HashMap[uint32, uint32]]{MaxEntries: 4, Inner: &template}

//go:section raw_tp/sys_enter
//export bump
func bump(ctx *bpf.Args) int32 {
	m := byIndex.Lookup(1)
	if m == nil {
		return -1
	}
	if v := m.Lookup(0); v != nil {
		*v += 5
	}
	name := uint64(42)
	if byName.Lookup(&name) != nil {
		return -2
	}
	if byIndex.Lookup(2) != nil {
		return -3
	}
	return 0
}

func main() {}
