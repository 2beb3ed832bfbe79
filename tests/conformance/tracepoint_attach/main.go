//go:build tinygo

// Attached to a real tracepoint and triggered by the test: counts getppid
// calls of the process whose pid the loader sets in .rodata.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type seen struct {
	Calls, Nr uint64
}

var calls = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 16, MaxEntries: 1}

//go:section .rodata
var targPid uint32

// sysEnter is the tracepoint's record: common fields, then the syscall
// number (getppid has no arguments: the kernel refuses to attach a program
// that reads past the record's 12 bytes).
type sysEnter struct {
	_  [8]byte
	Nr int32
}

func bpfGetCurrentPidTgid() uint64
func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

//go:section tracepoint/syscalls/sys_enter_getppid
//export count_getppid
func count_getppid(ctx unsafe.Pointer) int32 {
	if ctx == nil || uint32(bpfGetCurrentPidTgid()>>32) != targPid {
		return 0
	}
	key := uint32(0)
	if s := (*seen)(bpfMapLookupElem(unsafe.Pointer(&calls), unsafe.Pointer(&key))); s != nil {
		s.Calls++
		s.Nr = uint64((*sysEnter)(ctx).Nr)
	}
	return 0
}

func main() {}
