//go:build tinygo

// sk_skb/verdict (bpf.SkBuff), the sock map's verdict program without a
// stream parser (BPF_SK_SKB_VERDICT, where sdk_sockmap's is
// sk_skb/stream_verdict): the runner attaches it alone to a sock map holding
// both ends of a loopback TCP connection to port 4051 and sends "hello"; the
// program records what it saw at the receiving socket and passes the bytes on.
// Without a parser the verdict also sees each end's FIN when the runner
// closes the connection, as an skb of no bytes: those pass unrecorded.
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

var (
	vHits, vLen, vFamily, vLocalPort, vFirst uint32
	vLocalIP4, vRemoteIP4                    bpf.Be32
)

//go:section sk_skb/verdict
//export on_verdict
func on_verdict(ctx *bpf.SkBuff) int32 {
	if ctx.Len == 0 {
		return bpf.SK_PASS
	}
	vHits++
	vLen = ctx.Len
	vFamily = ctx.Family
	vLocalPort = ctx.LocalPort
	vLocalIP4 = bpf.Be32(ctx.LocalIp4)
	vRemoteIP4 = bpf.Be32(ctx.RemoteIp4)
	bpf.SkbPullData(ctx, 1) // make the first byte direct
	if b := bpf.Header[byte](ctx.Packet(), 0); b != nil {
		vFirst = uint32(*b)
	}
	return bpf.SK_PASS
}

func main() {}
