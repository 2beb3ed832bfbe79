//go:build tinygo

// The contexts of the programs a sock map runs, through the SDK: sk_msg
// (bpf.SkMsgMd) on the sending socket, and sk_skb stream parser and verdict
// (bpf.SkBuff) on the receiving one. The runner attaches them to a sock map
// holding both ends of a loopback TCP connection to port 4050 and sends
// "hello"; each program records what it saw and passes the bytes on.
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

var (
	msgSize, msgFamily, msgRemotePort, msgFirst uint32
	msgRemoteIP4                                bpf.Be32
	parserLen                                   uint32
	skbLen, skbLocalPort, skbFirst, skbHits     uint32
	skbRemoteIP4                                bpf.Be32
)

//go:section sk_msg
//export on_msg
func on_msg(ctx *bpf.SkMsgMd) int32 {
	msgSize = ctx.Size
	msgFamily = ctx.Family
	msgRemotePort = ctx.RemotePort
	msgRemoteIP4 = bpf.Be32(ctx.RemoteIp4)
	if b := bpf.Header[byte](ctx.Packet(), 0); b != nil {
		msgFirst = uint32(*b)
	}
	return bpf.SK_PASS
}

// The whole message is one record.
//
//go:section sk_skb/stream_parser
//export on_parser
func on_parser(ctx *bpf.SkBuff) int32 {
	parserLen = ctx.Len
	return int32(ctx.Len)
}

//go:section sk_skb/stream_verdict
//export on_verdict
func on_verdict(ctx *bpf.SkBuff) int32 {
	skbHits++
	skbLen = ctx.Len
	skbLocalPort = ctx.LocalPort
	skbRemoteIP4 = bpf.Be32(ctx.RemoteIp4)
	// the bytes arrive in a non-linear skb: make the first one direct
	bpf.SkbPullData(ctx, 1)
	if b := bpf.Header[byte](ctx.Packet(), 0); b != nil {
		skbFirst = uint32(*b)
	}
	return bpf.SK_PASS
}

func main() {}
