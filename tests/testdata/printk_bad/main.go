package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

//go:section raw_tp/sys_enter
//export say
func say(ctx *bpf.Args) int32 {
	pid := bpf.GetCurrentPidTgid() >> 32
	bpf.Printk("pid %d uid %d\n", pid)
	bpf.Printk("pid %q\n", pid)
	bpf.Printk("comm %sx\n", pid)
	bpf.Printk("task %pQ\n", pid)
	bpf.Printk(format, pid)
	bpf.Printk("pid %d\n", counts[:pid&1]...)
	bpf.Printk("pid %d\n", last(counts[:], 1)...)
	bpf.Printk("bell\a del\x7f\n")
	bpf.Printk("task %pksx\n", pid)
	bpf.Printk("addr %pi5\n", pid)
	bpf.Printk("addr %pI\n", pid)
	bpf.Printk("tab\t\"quoted\" \\ %q\n", pid)
	return 0
}

// A format the program could change, and arguments whose number is known
// only at run time (a slice, one a function returns): neither is what
// bpf_trace_printk can be given.
var format = "pid %d\n"

var counts = [1]uint64{7}

func last(s []uint64, n int) []uint64 {
	return s[len(s)-n:]
}

func main() {}
