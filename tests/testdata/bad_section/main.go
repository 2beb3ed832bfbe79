package main

import "unsafe"

//go:section tracepoint/sys_enter_openat
//export on_open
func on_open(ctx unsafe.Pointer) int32 {
	return 0
}

func main() {}
