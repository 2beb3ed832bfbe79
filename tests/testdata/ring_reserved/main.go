// A bpfMapDef ring buffer filled only through bpf_ringbuf_reserve: its record
// type is the Go type of the pointer the reservation is kept in, which the
// maps pass puts in the map's BTF (tests/lib/maps_test.c reads it there).
// Another is written by a Go function of the program's own named like the
// helper, whose arguments are no record: that map's BTF names no record.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type reservedEvent struct {
	Pid  uint32
	Kind uint16
	Time uint64
}

var reserved = bpfMapDef{Type: 27, MaxEntries: 4096} // BPF_MAP_TYPE_RINGBUF

func bpfRingbufReserve(ringbuf unsafe.Pointer, size, flags uint64) unsafe.Pointer
func bpfRingbufSubmit(data unsafe.Pointer, flags uint64)
func bpfGetCurrentPidTgid() uint64
func bpfKtimeGetNs() uint64

//go:section raw_tp/sys_enter
//export reserve
func reserve(ctx unsafe.Pointer) int32 {
	ev := (*reservedEvent)(bpfRingbufReserve(unsafe.Pointer(&reserved), uint64(unsafe.Sizeof(reservedEvent{})), 0))
	if ev == nil {
		return 0
	}
	ev.Pid = uint32(bpfGetCurrentPidTgid() >> 32)
	ev.Kind = 2
	ev.Time = bpfKtimeGetNs()
	bpfRingbufSubmit(unsafe.Pointer(ev), 0)
	return 0
}

type request struct {
	Pid uint32
}

var wrapped = bpfMapDef{Type: 27, MaxEntries: 4096}

func bpfRingbufOutput(ringbuf, data unsafe.Pointer, size, flags uint64) int64

// Sends an event built from req, of the size its caller says: what reaches
// the ring buffer is a reservedEvent, not the request its second argument
// points to.
//
//go:noinline
func ringbufOutput(ringbuf unsafe.Pointer, req *request, size uint64) {
	if size != uint64(unsafe.Sizeof(*req)) {
		return
	}
	ev := reservedEvent{Pid: req.Pid, Kind: 3, Time: bpfKtimeGetNs()}
	bpfRingbufOutput(ringbuf, unsafe.Pointer(&ev), uint64(unsafe.Sizeof(ev)), 0)
}

//go:section raw_tp/sys_enter
//export wrap
func wrap(ctx unsafe.Pointer) int32 {
	req := &request{Pid: uint32(bpfGetCurrentPidTgid() >> 32)}
	ringbufOutput(unsafe.Pointer(&wrapped), req, uint64(unsafe.Sizeof(*req)))
	return 0
}

func main() {}
