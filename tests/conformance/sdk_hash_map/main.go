//go:build tinygo

// bpf.HashMap through its methods: Lookup changes a value in place, Update
// with UpdateNoExist fails for a key that exists, Delete removes one.
package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

type stats struct {
	Count uint64
	Last  uint32
	_     uint32
}

var counts = bpf.HashMap[uint32, stats]{MaxEntries: 16}

// refused counts Updates that UpdateNoExist refused.
var refused uint64

//go:section raw_tp/sys_enter
//export count
func count(ctx *bpf.Args) int32 {
	tid := uint32(bpf.GetCurrentPidTgid())
	if s := counts.Lookup(&tid); s != nil {
		s.Count++
		s.Last = 2
	} else {
		first := stats{Count: 1, Last: 1}
		counts.Update(&tid, &first, bpf.UpdateAny)
	}
	seven, seed := uint32(7), stats{Count: 70}
	if counts.Update(&seven, &seed, bpf.UpdateNoExist) != 0 {
		refused++
	}
	nine, gone := uint32(9), stats{Count: 90}
	counts.Update(&nine, &gone, bpf.UpdateAny)
	if counts.Delete(&nine) != 0 || counts.Lookup(&nine) != nil {
		return 1
	}
	return 0
}

func main() {}
