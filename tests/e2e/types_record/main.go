//go:build tinygo

// A tracepoint program whose context is a record `tinybpf types` generated
// from this kernel's format file at build time (record_gen.go, written by
// tests/tests.mk): it copies the filename argument of the target process's
// openat(2) calls.
package main

import "unsafe"

func bpfGetCurrentPidTgid() uint64
func bpfProbeReadUserStr(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

var targPid uint32
var seen [64]byte
var flags uint64
var hits uint32

//go:section tracepoint/syscalls/sys_enter_openat
//export on_openat
func on_openat(ctx *SysEnterOpenat) int32 {
	if uint32(bpfGetCurrentPidTgid()>>32) != targPid {
		return 0
	}
	bpfProbeReadUserStr(unsafe.Pointer(&seen), uint32(len(seen)), unsafe.Pointer(ctx.Filename))
	flags = ctx.Flags
	hits++
	return 0
}

func main() {}
