//go:build tinygo

// bpf.LPMTrie: 10.0.0.0/8 and 10.1.0.0/16 in an IPv4 trie; a lookup finds
// the longest prefix that matches.
package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

var routes = bpf.LPMTrie[[4]byte, uint32]{MaxEntries: 16, Flags: bpf.MapNoPrealloc}

//go:section raw_tp/sys_enter
//export route
func route(ctx *bpf.Args) int32 {
	wide := bpf.LPMKey[[4]byte]{Prefixlen: 8, Data: [4]byte{10, 0, 0, 0}}
	narrow := bpf.LPMKey[[4]byte]{Prefixlen: 16, Data: [4]byte{10, 1, 0, 0}}
	one, two := uint32(1), uint32(2)
	if routes.Update(&wide, &one, bpf.UpdateAny) != 0 || routes.Update(&narrow, &two, bpf.UpdateAny) != 0 {
		return -1
	}
	result := int32(0)
	in := bpf.LPMKey[[4]byte]{Prefixlen: 32, Data: [4]byte{10, 1, 2, 3}}
	if v := routes.Lookup(&in); v != nil {
		result += int32(*v) * 10
	}
	in.Data = [4]byte{10, 200, 0, 1}
	if v := routes.Lookup(&in); v != nil {
		result += int32(*v)
	}
	in.Data = [4]byte{192, 168, 0, 1}
	if routes.Lookup(&in) != nil {
		result += 100
	}
	return result
}

func main() {}
