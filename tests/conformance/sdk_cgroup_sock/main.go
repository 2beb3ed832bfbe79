//go:build tinygo

// More cgroup hooks through the SDK than cgroup_hooks attaches: bind4 and
// sendmsg4 (bpf.SockAddr), post_bind4 (bpf.Sock), getsockopt (bpf.Sockopt,
// after the kernel's own getsockopt) and cgroup_skb/egress (bpf.SkBuff, the
// packet from its IPv4 header). The runner binds a UDP socket to
// 127.0.0.1:4071, sends "hello" to 127.0.0.1:4072, and sets then reads a
// socket's IP_TTL; each program records what it saw.
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

var bindIP4, bindPort, bindType uint32

//go:section cgroup/bind4
//export on_bind4
func on_bind4(ctx *bpf.SockAddr) int32 {
	bindIP4, bindPort, bindType = ctx.UserIp4, ctx.UserPort, ctx.Type
	return 1
}

var postIP4, postPort, postProtocol uint32

//go:section cgroup/post_bind4
//export on_post_bind4
func on_post_bind4(ctx *bpf.Sock) int32 {
	postIP4, postPort, postProtocol = ctx.SrcIp4, ctx.SrcPort, ctx.Protocol
	return 1
}

var sendIP4, sendPort uint32

//go:section cgroup/sendmsg4
//export on_sendmsg4
func on_sendmsg4(ctx *bpf.SockAddr) int32 {
	sendIP4, sendPort = ctx.UserIp4, ctx.UserPort
	return 1
}

var egressLen, egressFirst, egressHits uint32
var egressDport bpf.Be16

// Only the datagram to port 4072: the runner's other packets pass unseen.
//
//go:section cgroup_skb/egress
//export on_egress
func on_egress(ctx *bpf.SkBuff) int32 {
	pkt := ctx.Packet()
	ip := bpf.Header[bpf.IPv4Hdr](pkt, 0)
	if ip == nil || ip.Protocol != bpf.IPPROTO_UDP || ip.Ihl() != 5 {
		return 1
	}
	udp := bpf.Header[bpf.UDPHdr](pkt, 20)
	if udp == nil || udp.Dest != bpf.Htons(4072) {
		return 1
	}
	egressHits++
	egressLen = ctx.Len
	egressDport = udp.Dest
	if b := bpf.Header[byte](pkt, 28); b != nil {
		egressFirst = uint32(*b)
	}
	return 1
}

var getLevel, getName, getLen, getRetval, getValue int32

//go:section cgroup/getsockopt
//export on_getsockopt
func on_getsockopt(ctx *bpf.Sockopt) int32 {
	getLevel, getName, getLen, getRetval = ctx.Level, ctx.Optname, ctx.Optlen, ctx.Retval
	if v := bpf.Header[int32](ctx.Value(), 0); v != nil {
		getValue = *v
	}
	return 1
}

func main() {}
