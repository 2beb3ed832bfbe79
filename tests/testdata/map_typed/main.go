package main

import "unsafe"

const (
	bpfMapTypeHash  = 1
	bpfMapTypeArray = 2
	bpfAny          = 0
)

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m unsafe.Pointer, key unsafe.Pointer, value unsafe.Pointer, flags uint64) int64

// flowKey and flowStats are the typed key and value of the flows map: their
// BTF is what loaders see as the map's key and value types.
type flowKey struct {
	Addr  uint32
	Port  uint16
	Proto uint8
	Flags uint8
}

type flowStats struct {
	Packets uint64
	Bytes   uint64
	Last    uint32
}

// A map definition with typed Key and Value, like libbpf's __type(key, …).
//
//go:section .maps
var flows = struct {
	Type       uint32
	MaxEntries uint32
	Key        *flowKey
	Value      *flowStats
}{Type: bpfMapTypeHash, MaxEntries: 128}

// Basic types as key and value.
//
//go:section .maps
var totals = struct {
	Type       uint32
	MaxEntries uint32
	Key        *uint32
	Value      *uint64
}{Type: bpfMapTypeArray, MaxEntries: 2}

type xdpMd struct {
	Data    uint32
	DataEnd uint32
}

//go:section xdp
//export count_flow
func count_flow(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	md := (*xdpMd)(ctx)
	size := uint64(md.DataEnd - md.Data)
	key := flowKey{Addr: 0x0a000001, Port: 443, Proto: 6, Flags: 1}
	if s := (*flowStats)(bpfMapLookupElem(unsafe.Pointer(&flows), unsafe.Pointer(&key))); s != nil {
		s.Packets++
		s.Bytes += size
		s.Last = uint32(size)
	} else {
		first := flowStats{Packets: 1, Bytes: size, Last: uint32(size)}
		bpfMapUpdateElem(unsafe.Pointer(&flows), unsafe.Pointer(&key), unsafe.Pointer(&first), bpfAny)
	}
	index := uint32(1)
	if t := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&totals), unsafe.Pointer(&index))); t != nil {
		*t += size
	}
	return 2 // XDP_PASS
}

func main() {}
