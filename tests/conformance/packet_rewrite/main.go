//go:build tinygo

// An XDP program that writes the packet: it swaps the Ethernet addresses,
// decrements the IPv4 TTL and bounces the packet (XDP_TX).
package main

import "unsafe"

type xdpMd struct {
	Data, DataEnd uint32
}

type ethIPv4 struct {
	Dst, Src  [6]byte
	EtherType [2]byte
	_         [8]byte // version ... fragment offset
	TTL       uint8
}

//go:section xdp
//export bounce
func bounce(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	md := (*xdpMd)(ctx)
	data, end := uintptr(md.Data), uintptr(md.DataEnd)
	if data == 0 || data+unsafe.Sizeof(ethIPv4{}) > end {
		return 0
	}
	p := (*ethIPv4)(unsafe.Pointer(data))
	if p.EtherType != [2]byte{0x08, 0x00} || p.TTL <= 1 {
		return 2 // XDP_PASS
	}
	p.Dst, p.Src = p.Src, p.Dst
	p.TTL--
	return 3 // XDP_TX
}

func main() {}
