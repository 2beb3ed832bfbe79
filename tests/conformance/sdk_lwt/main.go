//go:build tinygo

// The __sk_buff context (bpf.SkBuff) of the three lightweight-tunnel program
// types, run with BPF_PROG_TEST_RUN: each records what it saw of the packet
// the test sent (the kernel strips the Ethernet header first: an LWT program
// sees the packet from its IP header) in an SDK array at its own index, and
// drops a packet whose TTL is 1.
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

type seen struct {
	Len      uint32
	Protocol uint32 // skb->protocol, network order in the low 16 bits
	Daddr    bpf.Be32
	Ttl      uint32
}

var lwtSeen = bpf.Array[seen]{MaxEntries: 3}

func record(ctx *bpf.SkBuff, index uint32) int32 {
	ip := bpf.Header[bpf.IPv4Hdr](ctx.Packet(), 0)
	if ip == nil {
		return bpf.BPF_DROP
	}
	s := seen{Len: ctx.Len, Protocol: ctx.Protocol, Daddr: ip.Daddr, Ttl: uint32(ip.Ttl)}
	lwtSeen.Update(index, &s, bpf.UpdateAny)
	if ip.Ttl <= 1 {
		return bpf.BPF_DROP
	}
	return bpf.BPF_OK
}

//go:section lwt_in
//export on_lwt_in
func on_lwt_in(ctx *bpf.SkBuff) int32 { return record(ctx, 0) }

//go:section lwt_out
//export on_lwt_out
func on_lwt_out(ctx *bpf.SkBuff) int32 { return record(ctx, 1) }

//go:section lwt_xmit
//export on_lwt_xmit
func on_lwt_xmit(ctx *bpf.SkBuff) int32 { return record(ctx, 2) }

func main() {}
