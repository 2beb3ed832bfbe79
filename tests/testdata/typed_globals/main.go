// A program whose globals have struct types with padding, nested structs and
// arrays: tinybpf generate must give userspace Go and C types of the same
// layout (tests/generate).
package main

import "unsafe"

// settings is configuration a loader sets before load (.rodata).
type settings struct {
	Enabled bool
	Shift   uint8
	Limit   uint64 // after 6 bytes of padding
	Tag     [3]byte
}

// label is nested in packetEvent, twice.
type label struct {
	Len  uint8
	Text [5]byte
}

// packetEvent is what the program records about the last packet it passed.
type packetEvent struct {
	Length uint32
	Kind   int8
	Count  uint64
	Labels [2]label
	Delta  int16
}

//go:section .rodata
var config = settings{Enabled: true, Limit: 1500}

var lastEvent packetEvent // .bss

// xdpMd is the start of struct xdp_md, the XDP program's context.
type xdpMd struct {
	Data    uint32
	DataEnd uint32
}

//go:section xdp
//export record
func record(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	md := (*xdpMd)(ctx)
	n := md.DataEnd - md.Data
	if !config.Enabled || uint64(n) > config.Limit {
		return 1 // XDP_DROP
	}
	lastEvent.Length = n << config.Shift
	lastEvent.Kind = -3
	lastEvent.Count++
	lastEvent.Labels[1].Len = config.Tag[0]
	lastEvent.Labels[1].Text[4] = config.Tag[2]
	lastEvent.Delta = int16(n) - 100
	return 2 // XDP_PASS
}

func main() {}
