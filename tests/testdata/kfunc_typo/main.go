package main

import "unsafe"

// Meant as a kfunc, but without the bpfKfunc prefix: tinybpf takes it for a
// helper, and there is none of that name.
func bpfTaskFromPid(pid int32) unsafe.Pointer

//go:section syscall
//export kfunc_typo
func kfunc_typo(ctx unsafe.Pointer) int32 {
	if bpfTaskFromPid(1) == nil {
		return 1
	}
	return 0
}

func main() {}
