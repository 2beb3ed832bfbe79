// A frame near the limit held by two variables, the smaller declared first:
// the notes name the larger first (what to move out first).
package main

import "unsafe"

func bpfProbeReadUser(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfRingbufOutput(ringbuf, data unsafe.Pointer, size, flags uint64) int64

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var samples = bpfMapDef{Type: 27, MaxEntries: 4096}

//go:section tracepoint/syscalls/sys_enter_execve
//export on_exec
func on_exec(ctx unsafe.Pointer) int32 {
	var small [96]byte
	var large [320]byte
	bpfProbeReadUser(unsafe.Pointer(&small), 96, ctx)
	bpfProbeReadUser(unsafe.Pointer(&large), 320, ctx)
	bpfRingbufOutput(unsafe.Pointer(&samples), unsafe.Pointer(&small), 96, 0)
	bpfRingbufOutput(unsafe.Pointer(&samples), unsafe.Pointer(&large), 320, 0)
	return 0
}

func main() {}
