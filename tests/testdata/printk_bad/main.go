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
	return 0
}

func main() {}
