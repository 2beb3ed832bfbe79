//go:build tinygo

// The cgroup socket hooks sdk_cgroup_sock leaves out, through the SDK: the
// IPv6 address hooks (bpf.SockAddr: bind6, connect6, sendmsg6, recvmsg6,
// getsockname6, getpeername6), their IPv4 recvmsg/getsockname/getpeername
// twins, post_bind6 and sock_release (bpf.Sock). Each program records what it
// saw; expect.json says what the runner's socket calls imply. IPv6 addresses
// are copied as the UAPI holds them: four 32-bit words, each in network order.
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

var bindIP6 [4]uint32
var bindPort, bindUserFamily, bindFamily, bindType uint32

//go:section cgroup/bind6
//export on_bind6
func on_bind6(ctx *bpf.SockAddr) int32 {
	bindIP6, bindPort = ctx.UserIp6, ctx.UserPort
	bindUserFamily, bindFamily, bindType = ctx.UserFamily, ctx.Family, ctx.Type
	return 1
}

var postIP6 [4]uint32
var postPort, postFamily, postProtocol uint32

//go:section cgroup/post_bind6
//export on_post_bind6
func on_post_bind6(ctx *bpf.Sock) int32 {
	postIP6, postPort = ctx.SrcIp6, ctx.SrcPort
	postFamily, postProtocol = ctx.Family, ctx.Protocol
	return 1
}

var connIP6 [4]uint32
var connPort, connType, connProtocol uint32

//go:section cgroup/connect6
//export on_connect6
func on_connect6(ctx *bpf.SockAddr) int32 {
	connIP6, connPort = ctx.UserIp6, ctx.UserPort
	connType, connProtocol = ctx.Type, ctx.Protocol
	return 1
}

var sendIP6, sendSrcIP6 [4]uint32
var sendPort uint32

//go:section cgroup/sendmsg6
//export on_sendmsg6
func on_sendmsg6(ctx *bpf.SockAddr) int32 {
	sendIP6, sendPort, sendSrcIP6 = ctx.UserIp6, ctx.UserPort, ctx.MsgSrcIp6
	return 1
}

// The same hook for a datagram from a socket bound to no address: its source
// is still unspecified (::), where the destination is ::1. Over loopback this
// is what tells UserIp6 from MsgSrcIp6 (both ::1 above).
var anySendIP6, anySrcIP6 [4]uint32

//go:section cgroup/sendmsg6
//export on_sendmsg6_unbound
func on_sendmsg6_unbound(ctx *bpf.SockAddr) int32 {
	anySendIP6, anySrcIP6 = ctx.UserIp6, ctx.MsgSrcIp6
	return 1
}

var recv6IP6 [4]uint32
var recv6Port uint32

//go:section cgroup/recvmsg6
//export on_recvmsg6
func on_recvmsg6(ctx *bpf.SockAddr) int32 {
	recv6IP6, recv6Port = ctx.UserIp6, ctx.UserPort
	return 1
}

var name6IP6 [4]uint32
var name6Port, name6SkPort uint32

// The socket's own address, and its port again through ctx.Sk (host order
// there, as in every bpf_sock).
//
//go:section cgroup/getsockname6
//export on_getsockname6
func on_getsockname6(ctx *bpf.SockAddr) int32 {
	name6IP6, name6Port = ctx.UserIp6, ctx.UserPort
	if sk := ctx.Sk; sk != nil {
		name6SkPort = sk.SrcPort
	}
	return 1
}

var peer6IP6 [4]uint32
var peer6Port uint32

//go:section cgroup/getpeername6
//export on_getpeername6
func on_getpeername6(ctx *bpf.SockAddr) int32 {
	peer6IP6, peer6Port = ctx.UserIp6, ctx.UserPort
	return 1
}

var recv4IP4, recv4Port, name4IP4, name4Port, peer4IP4, peer4Port uint32

//go:section cgroup/recvmsg4
//export on_recvmsg4
func on_recvmsg4(ctx *bpf.SockAddr) int32 {
	recv4IP4, recv4Port = ctx.UserIp4, ctx.UserPort
	return 1
}

//go:section cgroup/getsockname4
//export on_getsockname4
func on_getsockname4(ctx *bpf.SockAddr) int32 {
	name4IP4, name4Port = ctx.UserIp4, ctx.UserPort
	return 1
}

//go:section cgroup/getpeername4
//export on_getpeername4
func on_getpeername4(ctx *bpf.SockAddr) int32 {
	peer4IP4, peer4Port = ctx.UserIp4, ctx.UserPort
	return 1
}

// Every release counted; the fields of the last one kept (the runner closes
// its connected socket last).
var releases, relFamily, relType, relProtocol, relState uint32
var relDstIP6 [4]uint32
var relDstPort bpf.Be16

//go:section cgroup/sock_release
//export on_sock_release
func on_sock_release(ctx *bpf.Sock) int32 {
	releases++
	relFamily, relType, relProtocol, relState = ctx.Family, ctx.Type, ctx.Protocol, ctx.State
	relDstIP6, relDstPort = ctx.DstIp6, ctx.DstPort
	return 1
}

func main() {}
