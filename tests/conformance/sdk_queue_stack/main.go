//go:build tinygo

// bpf.Queue and bpf.Stack: three values pushed into each, one popped and one
// peeked; user space pops what is left.
package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

type item struct {
	N, Square uint32
}

var fifo = bpf.Queue[item]{MaxEntries: 8}
var lifo = bpf.Stack[uint64]{MaxEntries: 8}

//go:section raw_tp/sys_enter
//export fill
func fill(ctx *bpf.Args) int32 {
	for n := uint32(1); n <= 3; n++ {
		it := item{N: n, Square: n * n}
		wide := uint64(n) << 32
		if fifo.Push(&it, 0) != 0 || lifo.Push(&wide, 0) != 0 {
			return -1
		}
	}
	var first item
	var top, peeked uint64
	if fifo.Pop(&first) != 0 || lifo.Pop(&top) != 0 || lifo.Peek(&peeked) != 0 {
		return -2
	}
	var next item
	if fifo.Peek(&next) != 0 {
		return -3
	}
	// 1 popped from the queue, 3 from the stack, then 2 peeked at in each
	return int32(first.N*100 + uint32(top>>32)*10 + uint32(peeked>>32) + next.N*1000)
}

func main() {}
