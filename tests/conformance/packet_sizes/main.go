//go:build tinygo

// Packet bounds checks through the SDK at the sizes 1, 2, 14 (Ethernet), 20
// (IPv4) and 40 (IPv6) bytes. Each program returns a value read from its
// header, or 1000 when the packet is too short (BPF_PROG_TEST_RUN needs 14
// bytes at least, so the small sizes are read past the Ethernet header). tests/packet/twins.c holds the same programs in C; the
// instruction counts are compared by tests/packet/packet_test.sh.
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

const short = 1000

//go:section xdp
//export size1
func size1(ctx *bpf.XdpMd) int32 {
	b := bpf.Header[uint8](ctx.Packet(), 14+9) // IPv4 protocol
	if b == nil {
		return short
	}
	return int32(*b)
}

//go:section xdp
//export size2
func size2(ctx *bpf.XdpMd) int32 {
	proto := bpf.Header[bpf.Be16](ctx.Packet(), 14+20+2) // TCP destination port
	if proto == nil {
		return short
	}
	return int32(proto.Host())
}

//go:section xdp
//export size14
func size14(ctx *bpf.XdpMd) int32 {
	eth := bpf.Header[bpf.EthHdr](ctx.Packet(), 0)
	if eth == nil {
		return short
	}
	return int32(eth.HProto.Host()) + int32(eth.HSource[5])
}

//go:section xdp
//export size14_inner
func size14_inner(ctx *bpf.XdpMd) int32 {
	eth := bpf.Header[bpf.EthHdr](ctx.Packet(), 14)
	if eth == nil {
		return short
	}
	return int32(eth.HProto.Host()) + int32(eth.HSource[5])
}

//go:section xdp
//export size20
func size20(ctx *bpf.XdpMd) int32 {
	ip := bpf.Header[bpf.IPv4Hdr](ctx.Packet(), 14)
	if ip == nil {
		return short
	}
	return int32(ip.Ttl) + int32(ip.Ihl())<<8 + int32(ip.Daddr.Host()&0xff)<<12
}

//go:section xdp
//export size40
func size40(ctx *bpf.XdpMd) int32 {
	ip6 := bpf.Header[bpf.IPv6Hdr](ctx.Packet(), 14)
	if ip6 == nil {
		return short
	}
	return int32(ip6.HopLimit) + int32(ip6.Nexthdr)<<8 + int32(ip6.Version())<<16
}

// A tc program: the same check on __sk_buff's packet, writing the header.
//
//go:section tc
//export tc_ttl
func tc_ttl(ctx *bpf.SkBuff) int32 {
	ip := bpf.Header[bpf.IPv4Hdr](ctx.Packet(), 14)
	if ip == nil {
		return bpf.TC_ACT_SHOT
	}
	ip.Ttl--
	return bpf.TC_ACT_OK
}

func main() {}
