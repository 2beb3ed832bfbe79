//go:build tinygo

// The sk_reuseport context (bpf.SkReuseportMd) through the SDK: the runner
// attaches the program to a group of two UDP sockets on 127.0.0.1:4060 and
// sends them a 4-byte datagram; the program records what it saw and lets
// the kernel pick the socket (SK_PASS without a selection).
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

var (
	rpLen, rpEthProtocol, rpIPProtocol, rpBindInany, rpHits uint32
	rpDport                                                 bpf.Be16
)

//go:section sk_reuseport
//export on_select
func on_select(ctx *bpf.SkReuseportMd) int32 {
	rpHits++
	rpLen = ctx.Len
	rpEthProtocol = ctx.EthProtocol
	rpIPProtocol = ctx.IpProtocol
	rpBindInany = ctx.BindInany
	// for UDP the data starts at the UDP header
	if udp := bpf.Header[bpf.UDPHdr](ctx.Packet(), 0); udp != nil {
		rpDport = udp.Dest
	}
	return bpf.SK_PASS
}

func main() {}
