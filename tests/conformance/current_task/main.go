//go:build tinygo

// Helpers about the current task, in a raw tracepoint program run with
// BPF_PROG_TEST_RUN on the test's thread: pid, tid and comm the test knows.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type task struct {
	PID, TID uint32
	Comm     [16]byte
}

var tasks = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 24, MaxEntries: 1}

func bpfGetCurrentPidTgid() uint64
func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

//go:section raw_tp/sys_enter
//export who_am_i
func who_am_i(ctx unsafe.Pointer) int32 {
	var t task
	id := bpfGetCurrentPidTgid()
	t.PID, t.TID = uint32(id>>32), uint32(id)
	if bpfGetCurrentComm(unsafe.Pointer(&t.Comm), uint32(len(t.Comm))) != 0 {
		return -1
	}
	key := uint32(0)
	return int32(bpfMapUpdateElem(unsafe.Pointer(&tasks), unsafe.Pointer(&key), unsafe.Pointer(&t), 0))
}

func main() {}
