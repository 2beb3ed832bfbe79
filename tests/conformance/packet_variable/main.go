//go:build tinygo

// A header at an offset that depends on the branch taken: the TCP or UDP
// header after an IPv4 header of ihl*4 bytes (fragments refused) or after a
// fixed IPv6 header, merged after the switch, as examples/tc-filter reads it.
// The program returns the UDP destination port (the TCP one plus 10000),
// 1000 for a frame too short for it, 2000 for anything but TCP or UDP over
// IPv4 or IPv6. (The verifier refusal that src/lib/passes/packet.c's barrier
// prevents needs more of tc-filter than this, a map lookup keyed by the port;
// tc-filter's smoke test is what fails without the barrier.)
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

const (
	short = 1000
	other = 2000
)

//go:section tc
//export udp_dport
func udp_dport(skb *bpf.SkBuff) int32 {
	pkt := skb.Packet()
	eth := bpf.Header[bpf.EthHdr](pkt, 0)
	if eth == nil {
		return short
	}
	var proto uint8
	var l4 uintptr
	switch eth.HProto {
	case bpf.Htons(bpf.ETH_P_IP):
		ip := bpf.Header[bpf.IPv4Hdr](pkt, 14)
		if ip == nil || ip.FragOff.Host()&0x1fff != 0 {
			return short
		}
		proto, l4 = ip.Protocol, 14+uintptr(ip.Ihl())*4
	case bpf.Htons(bpf.ETH_P_IPV6):
		ip := bpf.Header[bpf.IPv6Hdr](pkt, 14)
		if ip == nil {
			return short
		}
		proto, l4 = ip.Nexthdr, 14+40
	default:
		return other
	}
	switch proto {
	case bpf.IPPROTO_TCP:
		tcp := bpf.Header[bpf.TCPHdr](pkt, l4)
		if tcp == nil {
			return short
		}
		return int32(tcp.Dest.Host()) + 10000
	case bpf.IPPROTO_UDP:
		udp := bpf.Header[bpf.UDPHdr](pkt, l4)
		if udp == nil {
			return short
		}
		return int32(udp.Dest.Host())
	}
	return other
}

func main() {}
