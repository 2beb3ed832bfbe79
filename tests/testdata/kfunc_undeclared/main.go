package main

import "unsafe"

// Neither a helper nor a kfunc declaration: nothing can resolve it.
func taskFromPid(pid int32) unsafe.Pointer

//go:section syscall
//export kfunc_undeclared
func kfunc_undeclared(ctx unsafe.Pointer) int32 {
	if taskFromPid(1) == nil {
		return 1
	}
	return 0
}

func main() {}
