// tc programs, one per direction: each drops the IPv4 or IPv6 TCP and UDP
// packets whose destination port is a key of the map `ports` (which the
// tracer fills), counting the drops per port and direction, and lets every
// other packet go on. The tracer attaches them with tcx links where the
// kernel has them (6.6) and as clsact direct-action filters before that: the
// section "tc" (BPF_PROG_TYPE_SCHED_CLS) loads for both.
// Compiled by TinyGo and tinybpf; filter_stub.go keeps standard Go tooling happy.

//go:build tinygo

package main

import (
	"sync/atomic"
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

// The directions, as indexes of portDrops.
const (
	ingress = 0
	egress  = 1
)

// portDrops is the value of a blocked port: the packets dropped to it, per
// direction.
type portDrops struct {
	Dropped [2]uint64
}

// ports maps a destination port (network byte order, as in the header) to
// its drops.
var ports = bpf.HashMap[bpf.Be16, portDrops]{MaxEntries: 1024}

// tcNext is TC_NEXT (tcx) and TC_ACT_UNSPEC (clsact): the kernel's default
// for the packet, as if no program were there.
const tcNext = -1

// filter is the programs' common body.
func filter(skb *bpf.SkBuff, dir int) int32 {
	pkt := skb.Packet()
	eth := bpf.Header[bpf.EthHdr](pkt, 0)
	if eth == nil {
		return tcNext
	}
	var proto byte
	var l4 uintptr
	switch eth.HProto {
	case bpf.Htons(bpf.ETH_P_IP):
		ip := bpf.Header[bpf.IPv4Hdr](pkt, 14)
		// A fragment after the first has no transport header.
		if ip == nil || ip.FragOff.Host()&0x1fff != 0 {
			return tcNext
		}
		proto, l4 = ip.Protocol, 14+uintptr(ip.Ihl())*4
	case bpf.Htons(bpf.ETH_P_IPV6):
		ip := bpf.Header[bpf.IPv6Hdr](pkt, 14)
		if ip == nil {
			return tcNext // no extension headers: a TCP or UDP header follows directly, or we pass
		}
		proto, l4 = ip.Nexthdr, 14+40
	default:
		return tcNext
	}
	// The transport header at l4, an offset that depends on the branch taken.
	var port bpf.Be16
	switch proto {
	case bpf.IPPROTO_TCP:
		tcp := bpf.Header[bpf.TCPHdr](pkt, l4)
		if tcp == nil {
			return tcNext
		}
		port = tcp.Dest
	case bpf.IPPROTO_UDP:
		udp := bpf.Header[bpf.UDPHdr](pkt, l4)
		if udp == nil {
			return tcNext
		}
		port = udp.Dest
	default:
		return tcNext
	}
	drops := ports.Lookup(&port)
	if drops == nil {
		return tcNext
	}
	atomic.AddUint64(&drops.Dropped[dir], 1)
	return bpf.TC_ACT_SHOT
}

//go:section tc
//export tc_ingress
func tc_ingress(skb *bpf.SkBuff) int32 { return filter(skb, ingress) }

//go:section tc
//export tc_egress
func tc_egress(skb *bpf.SkBuff) int32 { return filter(skb, egress) }

func main() {}
