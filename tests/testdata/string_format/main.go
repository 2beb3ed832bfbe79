// A string constant as bpf_trace_printk's format: TinyGo names it
// main$string, which must not reach BTF as is (tests/lib/passes/globals_test.c).
package main

import "unsafe"

func bpfTracePrintk(format unsafe.Pointer, size uint32, a uint64) int64

const format = "value %d\x00"

//go:section raw_tracepoint/sys_enter
//export print_value
func print_value(ctx unsafe.Pointer) int32 {
	bpfTracePrintk(unsafe.Pointer(unsafe.StringData(format)), uint32(len(format)), 42)
	return 0
}

func main() {}
