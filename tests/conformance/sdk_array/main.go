//go:build tinygo

// bpf.Array: Lookup by index changes a value in place, Update replaces one,
// and an index past MaxEntries has no value.
package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

type slot struct {
	Hits  uint32
	Flags uint16
	Kind  uint8
	_     uint8
}

var slots = bpf.Array[slot]{MaxEntries: 3}

//go:section raw_tp/sys_enter
//export touch
func touch(ctx *bpf.Args) int32 {
	if s := slots.Lookup(1); s != nil {
		s.Hits++
		s.Kind = 7
	}
	fresh := slot{Hits: 100, Flags: 0xbeef}
	if slots.Update(2, &fresh, bpf.UpdateAny) != 0 {
		return 1
	}
	if slots.Lookup(3) != nil {
		return 2 // past the end
	}
	return int32(slots.Update(3, &fresh, bpf.UpdateAny)) // -E2BIG
}

func main() {}
