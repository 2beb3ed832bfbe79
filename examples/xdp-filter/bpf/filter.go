// XDP program: drops every IPv4 or IPv6 packet whose source address is a key
// of blocked4 or blocked6 (maps the tracer fills), counting the drops per
// address in the map's value, and passes everything else.
// Compiled by TinyGo and tinybpf; filter_stub.go keeps standard Go tooling happy.

//go:build tinygo

package main

import (
	"sync/atomic"
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

// blocked4 maps an IPv4 source address (network byte order, as in the
// header) to the number of packets dropped from it.
var blocked4 = bpf.HashMap[bpf.Be32, uint64]{MaxEntries: 1024}

// blocked6 is the same for IPv6 source addresses.
var blocked6 = bpf.HashMap[bpf.In6Addr, uint64]{MaxEntries: 1024}

// passed counts the packets the program let through (any protocol, and the
// frames too short to hold the headers it reads).
var passed uint64

//go:section xdp
//export xdp_filter
func xdp_filter(ctx *bpf.XdpMd) int32 {
	pkt := ctx.Packet()
	eth := bpf.Header[bpf.EthHdr](pkt, 0)
	if eth == nil {
		return pass()
	}
	var drops *uint64
	switch eth.HProto {
	case bpf.Htons(bpf.ETH_P_IP):
		ip := bpf.Header[bpf.IPv4Hdr](pkt, 14)
		if ip == nil {
			return pass()
		}
		src := ip.Saddr
		drops = blocked4.Lookup(&src)
	case bpf.Htons(bpf.ETH_P_IPV6):
		ip := bpf.Header[bpf.IPv6Hdr](pkt, 14)
		if ip == nil {
			return pass()
		}
		// Copied as four 32-bit words: in6_addr's first member is a byte
		// array, and copying that would take sixteen byte loads.
		var src bpf.In6Addr
		*src.In6U.U6Addr32() = *ip.Saddr.In6U.U6Addr32()
		drops = blocked6.Lookup(&src)
	}
	if drops == nil {
		return pass()
	}
	atomic.AddUint64(drops, 1)
	return bpf.XDP_DROP
}

func pass() int32 {
	atomic.AddUint64(&passed, 1)
	return bpf.XDP_PASS
}

func main() {}
