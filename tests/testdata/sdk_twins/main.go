// The same map operations through the SDK's typed maps and in the seeds'
// raw style (a .maps struct and body-less helper declarations), program by
// program: tests/cli/sdk_twins_test.sh checks that each pair compiles to the
// same number of BPF instructions, so the SDK's methods cost nothing.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

type event struct {
	Tid  uint32
	Kind uint32
	Comm [16]byte
}

// The SDK style.
var sdkCounts = bpf.HashMap[uint32, uint64]{MaxEntries: 64}
var sdkSlots = bpf.Array[uint64]{MaxEntries: 4}
var sdkEvents = bpf.RingBuf[event]{MaxEntries: 4096}

// The raw style: the same maps as .maps structs.
//
//go:section .maps
var rawCounts = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Value      *uint64
}{Type: 1, MaxEntries: 64}

//go:section .maps
var rawSlots = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Value      *uint64
}{Type: 2, MaxEntries: 4}

//go:section .maps
var rawEvents = struct {
	Type       uint32
	MaxEntries uint32
}{Type: 27, MaxEntries: 4096}

func bpfGetCurrentPidTgid() uint64
func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64
func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64
func bpfMapDeleteElem(m, key unsafe.Pointer) int64
func bpfRingbufOutput(ringbuf, data unsafe.Pointer, size, flags uint64) int64
func bpfRingbufReserve(ringbuf unsafe.Pointer, size, flags uint64) unsafe.Pointer
func bpfRingbufSubmit(data unsafe.Pointer, flags uint64)

//go:section raw_tp/sys_enter
//export sdk_lookup
func sdk_lookup(ctx *bpf.Args) int32 {
	k := uint32(bpf.GetCurrentPidTgid())
	if v := sdkCounts.Lookup(&k); v != nil {
		*v++
	}
	return 0
}

//go:section raw_tp/sys_enter
//export raw_lookup
func raw_lookup(ctx *bpf.Args) int32 {
	k := uint32(bpfGetCurrentPidTgid())
	if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&rawCounts), unsafe.Pointer(&k))); v != nil {
		*v++
	}
	return 0
}

//go:section raw_tp/sys_enter
//export sdk_update
func sdk_update(ctx *bpf.Args) int32 {
	k, one := uint32(bpf.GetCurrentPidTgid()), uint64(1)
	return int32(sdkCounts.Update(&k, &one, bpf.UpdateNoExist) + sdkCounts.Delete(&k))
}

//go:section raw_tp/sys_enter
//export raw_update
func raw_update(ctx *bpf.Args) int32 {
	k, one := uint32(bpfGetCurrentPidTgid()), uint64(1)
	return int32(bpfMapUpdateElem(unsafe.Pointer(&rawCounts), unsafe.Pointer(&k), unsafe.Pointer(&one), 1) +
		bpfMapDeleteElem(unsafe.Pointer(&rawCounts), unsafe.Pointer(&k)))
}

//go:section raw_tp/sys_enter
//export sdk_array
func sdk_array(ctx *bpf.Args) int32 {
	if v := sdkSlots.Lookup(1); v != nil {
		*v += 2
	}
	return 0
}

//go:section raw_tp/sys_enter
//export raw_array
func raw_array(ctx *bpf.Args) int32 {
	index := uint32(1)
	if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&rawSlots), unsafe.Pointer(&index))); v != nil {
		*v += 2
	}
	return 0
}

//go:section raw_tp/sys_enter
//export sdk_reserve
func sdk_reserve(ctx *bpf.Args) int32 {
	if ev := sdkEvents.Reserve(0); ev != nil {
		ev.Tid = uint32(bpf.GetCurrentPidTgid())
		ev.Kind = 2
		sdkEvents.Submit(ev, 0)
	}
	return 0
}

//go:section raw_tp/sys_enter
//export raw_reserve
func raw_reserve(ctx *bpf.Args) int32 {
	if ev := (*event)(bpfRingbufReserve(unsafe.Pointer(&rawEvents), uint64(unsafe.Sizeof(event{})), 0)); ev != nil {
		ev.Tid = uint32(bpfGetCurrentPidTgid())
		ev.Kind = 2
		bpfRingbufSubmit(unsafe.Pointer(ev), 0)
	}
	return 0
}

//go:section raw_tp/sys_enter
//export sdk_output
func sdk_output(ctx *bpf.Args) int32 {
	ev := event{Tid: uint32(bpf.GetCurrentPidTgid()), Kind: 1}
	bpf.GetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))
	return int32(sdkEvents.Output(&ev, 0))
}

//go:section raw_tp/sys_enter
//export raw_output
func raw_output(ctx *bpf.Args) int32 {
	ev := event{Tid: uint32(bpfGetCurrentPidTgid()), Kind: 1}
	bpfGetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))
	return int32(bpfRingbufOutput(unsafe.Pointer(&rawEvents), unsafe.Pointer(&ev), uint64(unsafe.Sizeof(ev)), 0))
}

func main() {}
