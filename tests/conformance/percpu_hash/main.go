//go:build tinygo

// A socket filter with a per-CPU hash of packet and byte counts per first
// byte after the Ethernet header (where a socket filter's packet starts),
// read with bpf_skb_load_bytes (socket filters have no direct access).
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type counters struct {
	Packets, Bytes uint64
}

var perFirstByte = bpfMapDef{Type: 5 /* percpu hash */, KeySize: 4, ValueSize: 16, MaxEntries: 32}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64
func bpfSkbLoadBytes(skb unsafe.Pointer, offset uint32, to unsafe.Pointer, size uint32) int64

//go:section socket
//export count_sockets
func count_sockets(skb unsafe.Pointer) int32 {
	if skb == nil {
		return 0
	}
	length := *(*uint32)(skb) // __sk_buff.len
	var first byte
	if bpfSkbLoadBytes(skb, 0, unsafe.Pointer(&first), 1) != 0 {
		return 0
	}
	key := uint32(first)
	if c := (*counters)(bpfMapLookupElem(unsafe.Pointer(&perFirstByte), unsafe.Pointer(&key))); c != nil {
		c.Packets++
		c.Bytes += uint64(length)
	} else {
		c := counters{Packets: 1, Bytes: uint64(length)}
		bpfMapUpdateElem(unsafe.Pointer(&perFirstByte), unsafe.Pointer(&key), unsafe.Pointer(&c), 0)
	}
	return int32(length) // keep the whole packet
}

func main() {}
