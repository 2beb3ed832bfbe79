//go:build tinygo

// A package variable whose initialiser TinyGo cannot evaluate at compile
// time (the conversion would panic: 11 bytes into a [12]byte) stays as
// package init code, which BPF programs never run.
package main

import "unsafe"

func bpfTracePrintk(format unsafe.Pointer, size uint32, a uint64) int64

var format = [12]byte([]byte("value %d\x00xx"))

//go:section raw_tracepoint/sys_enter
//export print_value
func print_value(ctx unsafe.Pointer) int32 {
	bpfTracePrintk(unsafe.Pointer(&format[0]), uint32(len(format)), 42)
	return 0
}

func main() {}
