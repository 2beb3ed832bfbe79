//go:build tinygo

// The __sk_buff context (bpf.SkBuff) through the SDK in three program types
// BPF_PROG_TEST_RUN runs: a socket filter (context fields only: the kernel
// forbids it direct packet access), a cgroup skb program (the packet from
// the network header) and a flow dissector (the typed *bpf.FlowKeys pointer
// of __sk_buff, written and returned as data_out).
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

// len<<16 | protocol, both as the kernel sets them from the frame.
//
//go:section socket
//export skb_socket
func skb_socket(ctx *bpf.SkBuff) int32 {
	return int32(ctx.Len)<<16 | int32(bpf.Be16(ctx.Protocol).Host())
}

// 1 (allow) for TCP over IPv4, else 0.
//
//go:section cgroup_skb/ingress
//export skb_cgroup
func skb_cgroup(ctx *bpf.SkBuff) int32 {
	ip := bpf.Header[bpf.IPv4Hdr](ctx.Packet(), 0)
	if ip == nil || ip.Version() != 4 || ip.Protocol != bpf.IPPROTO_TCP {
		return 0
	}
	return 1
}

// The addresses and ports of an IPv4 TCP or UDP packet.
//
//go:section flow_dissector
//export skb_flow
func skb_flow(ctx *bpf.SkBuff) int32 {
	keys := ctx.FlowKeys
	if keys == nil { // never, in a flow dissector; Go needs to see it
		return bpf.BPF_DROP
	}
	// the verifier tracks a variable packet offset only when it is bounded
	if keys.Nhoff > 256 {
		return bpf.BPF_DROP
	}
	pkt := ctx.Packet()
	ip := bpf.Header[bpf.IPv4Hdr](pkt, uintptr(keys.Nhoff))
	if ip == nil || ip.Ihl() != 5 {
		return bpf.BPF_DROP
	}
	keys.AddrProto = bpf.ETH_P_IP
	keys.IpProto = ip.Protocol
	keys.Ipv4Src = ip.Saddr
	keys.Ipv4Dst = ip.Daddr
	thoff := keys.Nhoff + 20
	keys.Thoff = thoff
	ports := bpf.Header[[2]bpf.Be16](pkt, uintptr(thoff))
	if ports == nil {
		return bpf.BPF_DROP
	}
	keys.Sport, keys.Dport = ports[0], ports[1]
	return bpf.BPF_OK
}

func main() {}
