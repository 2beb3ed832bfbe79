//go:build tinygo

// A header at an offset that depends on the branch taken: the TCP or UDP
// header after an IPv4 header of ihl*4 bytes (fragments refused) or after a
// fixed IPv6 header, merged after the switch, as examples/tc-filter reads it.
// The program returns the destination port (TCP's plus 10000), 1000 for a
// frame too short for it, 2000 for anything but TCP or UDP over IPv4 or IPv6.
// Without the barrier of src/lib/passes/packet.c the verifier refuses it:
// "invalid access to packet, off=2 size=2, R2(id=2,off=2,r=0)".
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
	// Both cases read the port at l4 and merge: the optimiser then reads it
	// once, after the switch, from data+l4 computed again.
	var port bpf.Be16
	var add int32
	switch proto {
	case bpf.IPPROTO_TCP:
		tcp := bpf.Header[bpf.TCPHdr](pkt, l4)
		if tcp == nil {
			return short
		}
		port, add = tcp.Dest, 10000
	case bpf.IPPROTO_UDP:
		udp := bpf.Header[bpf.UDPHdr](pkt, l4)
		if udp == nil {
			return short
		}
		port = udp.Dest
	default:
		return other
	}
	return int32(port.Host()) + add
}

func main() {}
