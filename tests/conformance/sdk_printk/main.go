//go:build tinygo

// bpf.Printk: three arguments go through bpf_trace_printk, five through
// bpf_trace_vprintk (Linux 5.16); both lines carry the runner's pid and tid.
// A format without conversions takes no arguments.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

//go:section raw_tp/sys_enter
//export say
func say(ctx *bpf.Args) int32 {
	id := bpf.GetCurrentPidTgid()
	name := [8]byte{'t', 'i', 'n', 'y', 'b', 'p', 'f', 0}
	n := bpf.Printk("sdk_printk pid=%d tid=%u name=%s\n", id>>32, id&0xffffffff,
		uint64(uintptr(unsafe.Pointer(&name))))
	if n < 0 {
		return int32(n)
	}
	minus := int64(-3)
	if m := bpf.Printk("sdk_printk five pid=%d %x %03d %c%%%lld\n", id>>32, 255, 7, 'z', uint64(minus)); m < 0 {
		return int32(m)
	}
	if m := bpf.Printk("sdk_printk no conversions\n"); m < 0 {
		return int32(m)
	}
	return 0
}

func main() {}
