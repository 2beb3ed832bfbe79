//go:build tinygo

// Probe reads into Go variables whose zero value tinybpf drops as dead
// (src/lib/passes/probe_read_init.c): the values the kernel writes must
// still be what the program sees, whole reads, partial reads and failed
// reads alike.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var results = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 16, MaxEntries: 4}

func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfProbeReadUser(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

func store(key uint32, value unsafe.Pointer) {
	bpfMapUpdateElem(unsafe.Pointer(&results), unsafe.Pointer(&key), value, 0)
}

//go:section raw_tp/sys_enter
//export read_init
func read_init(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return -1
	}
	args := (*[2]uint64)(ctx)
	ret := int32(0)

	// Whole: the kernel's copy of the second argument; Go's zero is dead.
	var whole [2]uint64
	if bpfProbeReadKernel(unsafe.Pointer(&whole[0]), 8, unsafe.Pointer(&args[1])) == 0 {
		ret |= 1
	}
	store(0, unsafe.Pointer(&whole))

	// Partial: 8 bytes of the user string into 16; the other 8 keep Go's zero.
	var part [16]byte
	if bpfProbeReadUser(unsafe.Pointer(&part), 8, unsafe.Pointer(uintptr(args[0]))) == 0 {
		ret |= 2
	}
	store(1, unsafe.Pointer(&part))

	// Failed: the kernel zeroes the destination, where Go's zero was dropped.
	var failed [2]uint64
	failed[1] = 0x55
	if bpfProbeReadKernel(unsafe.Pointer(&failed[0]), 8, nil) < 0 {
		ret |= 4
	}
	store(2, unsafe.Pointer(&failed))
	return ret
}

func main() {}
