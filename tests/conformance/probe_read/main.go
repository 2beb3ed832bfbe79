//go:build tinygo

// Probe reads: a user-space string whose address the test passes as the
// first argument, and the kernel's copy of the arguments themselves.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var names = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 32, MaxEntries: 1}

var secondArg uint64 // .bss

func bpfProbeReadUserStr(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

//go:section raw_tp/sys_enter
//export read_name
func read_name(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return -1
	}
	args := (*[2]uint64)(ctx)
	var name [32]byte
	n := bpfProbeReadUserStr(unsafe.Pointer(&name), uint32(len(name)), unsafe.Pointer(uintptr(args[0])))
	if n < 0 {
		return int32(n)
	}
	if bpfProbeReadKernel(unsafe.Pointer(&secondArg), 8, unsafe.Pointer(&args[1])) != 0 {
		return -2
	}
	key := uint32(0)
	bpfMapUpdateElem(unsafe.Pointer(&names), unsafe.Pointer(&key), unsafe.Pointer(&name), 0)
	return int32(n)
}

func main() {}
