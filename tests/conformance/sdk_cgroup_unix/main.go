//go:build tinygo

// The AF_UNIX socket address hooks through the SDK (bpf.SockAddr):
// connect_unix, sendmsg_unix, recvmsg_unix, getsockname_unix and
// getpeername_unix. The runner exchanges a datagram between two abstract
// AF_UNIX sockets and asks their names; each program counts its calls and
// records the address family the call carries, the socket's family and type,
// and the socket's family again through ctx.Sk. The path itself is not in
// the context (the kernel gives programs only a kfunc to rewrite it).
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

// One record per hook.
type seen struct {
	Hits, UserFamily, Family, Type, SkFamily uint32
}

func record(s *seen, ctx *bpf.SockAddr) int32 {
	s.Hits++
	s.UserFamily, s.Family, s.Type = ctx.UserFamily, ctx.Family, ctx.Type
	if sk := ctx.Sk; sk != nil {
		s.SkFamily = sk.Family
	}
	return 1
}

var connectSeen, sendSeen, recvSeen, nameSeen, peerSeen seen

//go:section cgroup/connect_unix
//export on_connect_unix
func on_connect_unix(ctx *bpf.SockAddr) int32 { return record(&connectSeen, ctx) }

//go:section cgroup/sendmsg_unix
//export on_sendmsg_unix
func on_sendmsg_unix(ctx *bpf.SockAddr) int32 { return record(&sendSeen, ctx) }

//go:section cgroup/recvmsg_unix
//export on_recvmsg_unix
func on_recvmsg_unix(ctx *bpf.SockAddr) int32 { return record(&recvSeen, ctx) }

//go:section cgroup/getsockname_unix
//export on_getsockname_unix
func on_getsockname_unix(ctx *bpf.SockAddr) int32 { return record(&nameSeen, ctx) }

//go:section cgroup/getpeername_unix
//export on_getpeername_unix
func on_getpeername_unix(ctx *bpf.SockAddr) int32 { return record(&peerSeen, ctx) }

func main() {}
