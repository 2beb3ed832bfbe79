// Every %p form the kernel's bpf_bprintf_prepare (kernel/bpf/helpers.c)
// accepts, each where it may end: tinybpf passes them all, and the kernel
// loads the program.
package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

//go:section raw_tp/sys_enter
//export formats
func formats(ctx *bpf.Args) int32 {
	if ctx == nil {
		return 0
	}
	p := ctx[0]
	bpf.Printk("%p %pK %px\n", p, p, p)
	bpf.Printk("%ps %pS %pB\n", p, p, p)
	bpf.Printk("%pks %pus.\n", p, p)
	bpf.Printk("%pi4 %pI4 %pi6\n", p, p, p)
	bpf.Printk("%pI6\n", p)
	return 0
}

func main() {}
