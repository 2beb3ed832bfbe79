// //go:extern names one helper, the Go name another: refused, naming both.
package main

import "unsafe"

//go:extern bpf_probe_read_kernel_str
func bpfProbeReadUserStr(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

//go:section tracepoint/syscalls/sys_enter_openat
//export on_open
func on_open(ctx unsafe.Pointer) int32 {
	var name [64]byte
	bpfProbeReadUserStr(unsafe.Pointer(&name), uint32(len(name)), ctx)
	return int32(name[0])
}

func main() {}
