package main

import "github.com/tinybpf/tinybpf/bpf"

var calls = bpf.Array[uint64]{MaxEntries: 1}

// count has a //go:section line, which TinyGo drops: this file does not
// import "unsafe".
//
//go:section raw_tp/sys_enter
//export count
func count(ctx *bpf.Args) int32 {
	if v := calls.Lookup(0); v != nil {
		*v++
	}
	return 0
}

func main() {}
