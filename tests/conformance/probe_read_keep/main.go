//go:build tinygo

// Go's zeroes (and other stores) that a probe read must still see, or that
// it does not overwrite: src/lib/passes/probe_read_init.c drops the stores a
// read fills whole, and must keep every one the program can observe. Each
// entry of `results` is what Go's semantics give, whatever the pass does:
//   - the source overlaps the destination (read from 4 bytes further into the
//     same variable), reached directly, through an address stored in another
//     variable, through a Go function, through uintptr arithmetic, and in a
//     package variable: the read must copy what the program stored there;
//   - a size the program computes (after a longer read left other bytes on
//     the stack there), and a size of 0: the bytes not written keep Go's
//     zero;
//   - bpf_get_current_comm into a bigger buffer, and bpf_probe_read into the
//     second half: the rest keeps Go's zero.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var results = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 16, MaxEntries: 16}
var comms = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 24, MaxEntries: 1}

var shared [16]byte

func bpfProbeRead(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfProbeReadUser(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

func store(key uint32, value unsafe.Pointer) {
	bpfMapUpdateElem(unsafe.Pointer(&results), unsafe.Pointer(&key), value, 0)
}

// 0x10, 0x11, ..., 0x1f
func fill(b *[16]byte) {
	for i := range b {
		b[i] = byte(0x10 + i)
	}
}

// Both read the byte the pointer given points at (0x14 here), so that the
// address stays stored and passed in the optimised program.
//
//go:noinline
func peek(h *[1]unsafe.Pointer) byte {
	return *(*byte)(h[0])
}

//go:noinline
func byteAt(p unsafe.Pointer) byte {
	return *(*byte)(p)
}

// Reads n (at most 15) bytes of a user string into a zeroed variable and
// stores it at key (16 is past the map's end: not stored). Called twice from
// keep at the same depth, so that the second call's variable is where the
// first call's was: a zero store dropped under bytes the second read does
// not write would show the first read's bytes there.
//
//go:noinline
func readUser(key, n uint32, src unsafe.Pointer) int64 {
	var head [8]byte // a read of a constant size just before, as a second shape
	bpfProbeReadUser(unsafe.Pointer(&head), 8, src)
	var sized [16]byte
	r := bpfProbeReadUser(unsafe.Pointer(&sized), n&15, src)
	store(key, unsafe.Pointer(&sized))
	return r
}

//go:section raw_tp/sys_enter
//export keep
func keep(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return -1
	}
	args := (*[2]uint64)(ctx)
	ret := int32(0)

	// The source is 4 bytes into the destination.
	var direct [16]byte
	fill(&direct)
	if bpfProbeReadKernel(unsafe.Pointer(&direct[0]), 8, unsafe.Pointer(&direct[4])) == 0 {
		ret |= 1
	}
	store(0, unsafe.Pointer(&direct))

	// The same, the source's address stored in another variable first.
	var held [16]byte
	var holder [1]unsafe.Pointer
	fill(&held)
	holder[0] = unsafe.Pointer(&held[4])
	if peek(&holder) != 0x14 {
		return -2
	}
	if bpfProbeReadKernel(unsafe.Pointer(&held[0]), 8, holder[0]) == 0 {
		ret |= 2
	}
	store(1, unsafe.Pointer(&held))

	// The same, the source's address given to a Go function first.
	var passed [16]byte
	fill(&passed)
	if byteAt(unsafe.Pointer(&passed[4])) != 0x14 {
		return -3
	}
	if bpfProbeReadKernel(unsafe.Pointer(&passed[0]), 8, unsafe.Pointer(&passed[4])) == 0 {
		ret |= 4
	}
	store(2, unsafe.Pointer(&passed))

	// The same, the source computed as a number.
	var number [16]byte
	fill(&number)
	if bpfProbeReadKernel(unsafe.Pointer(&number[0]), 8, unsafe.Pointer(uintptr(unsafe.Pointer(&number))+4)) == 0 {
		ret |= 8
	}
	store(3, unsafe.Pointer(&number))

	// The same in a package variable.
	fill(&shared)
	if bpfProbeReadKernel(unsafe.Pointer(&shared[0]), 8, unsafe.Pointer(&shared[4])) == 0 {
		ret |= 16
	}
	store(4, unsafe.Pointer(&shared))

	// A size known only when it runs (the second argument, at most 15),
	// after a read of 15 bytes has left "hello-bpf" where the variable is.
	readUser(16, 15, unsafe.Pointer(uintptr(args[0])))
	if readUser(5, uint32(args[1]), unsafe.Pointer(uintptr(args[0]))) == 0 {
		ret |= 32
	}

	// A size of 0: nothing is written.
	var none [16]byte
	if bpfProbeReadUser(unsafe.Pointer(&none), 0, unsafe.Pointer(uintptr(args[0]))) == 0 {
		ret |= 64
	}
	store(6, unsafe.Pointer(&none))

	// bpf_probe_read into the second half: the first keeps Go's zero.
	var upper [2]uint64
	if bpfProbeRead(unsafe.Pointer(&upper[1]), 8, unsafe.Pointer(&args[1])) == 0 {
		ret |= 128
	}
	store(7, unsafe.Pointer(&upper))

	// The command name, 16 bytes, into 24: the last 8 keep Go's zero.
	var name [24]byte
	if bpfGetCurrentComm(unsafe.Pointer(&name), 16) == 0 {
		ret |= 256
	}
	key := uint32(0)
	bpfMapUpdateElem(unsafe.Pointer(&comms), unsafe.Pointer(&key), unsafe.Pointer(&name), 0)
	return ret
}

func main() {}
