// A kfunc declared with unsafe.Pointer where the kernel takes a pointer to an
// integer: bpf_local_irq_save(unsigned long *) (Linux 6.15 and later). The
// loaders would refuse it (void and an integer are different kinds to
// libbpf's compatibility check); the error asks for a pointer to that type,
// not a bpfCore struct (unsigned long is no struct).
package main

import "unsafe"

func bpfKfuncBpfLocalIrqSave(flags unsafe.Pointer)

//go:section syscall
//export irq_save
func irq_save(ctx unsafe.Pointer) int32 {
	var flags uint64
	p := unsafe.Pointer(&flags)
	bpfKfuncBpfLocalIrqSave(p)
	return int32(flags)
}

func main() {}
