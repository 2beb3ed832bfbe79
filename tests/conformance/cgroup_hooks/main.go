//go:build tinygo

// The cgroup hooks' contexts through the SDK, each attached to a cgroup the
// runner moves into and triggered there (expect.json "cgroup"): each program
// records what its context says into globals, and allows the operation.
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

// cgroup/connect4, bpf.SockAddr: the address connect(2) was given.
var connectIP4, connectPort, connectType uint32

//go:section cgroup/connect4
//export on_connect4
func on_connect4(ctx *bpf.SockAddr) int32 {
	connectIP4 = ctx.UserIp4
	connectPort = ctx.UserPort
	connectType = ctx.Type
	return 1
}

// sockops, bpf.SockOps: the callback of an active connect, and its port.
var opsOp, opsRemotePort, opsFamily uint32

//go:section sockops
//export on_sockops
func on_sockops(ctx *bpf.SockOps) int32 {
	if ctx.Op == bpf.BPF_SOCK_OPS_TCP_CONNECT_CB {
		opsOp = ctx.Op
		opsRemotePort = ctx.RemotePort
		opsFamily = ctx.Family
	}
	return 1
}

// cgroup/sock_create, bpf.Sock: the new socket's family, type and protocol.
var sockFamily, sockType, sockProtocol uint32

//go:section cgroup/sock_create
//export on_sock_create
func on_sock_create(ctx *bpf.Sock) int32 {
	sockFamily, sockType, sockProtocol = ctx.Family, ctx.Type, ctx.Protocol
	return 1
}

// cgroup/setsockopt, bpf.Sockopt: level, option and the value, read through
// bpf.Header from [optval, optval_end).
var optLevel, optName, optLen, optValue int32

//go:section cgroup/setsockopt
//export on_setsockopt
func on_setsockopt(ctx *bpf.Sockopt) int32 {
	optLevel, optName, optLen = ctx.Level, ctx.Optname, ctx.Optlen
	if v := bpf.Header[int32](ctx.Value(), 0); v != nil {
		optValue = *v
	}
	return 1
}

// cgroup/sysctl, bpf.Sysctl: a read (write 0) from position 0.
var sysctlWrite, sysctlPos, sysctlSeen uint32

//go:section cgroup/sysctl
//export on_sysctl
func on_sysctl(ctx *bpf.Sysctl) int32 {
	sysctlWrite, sysctlPos = ctx.Write, ctx.FilePos
	sysctlSeen++
	return 1
}

// cgroup/dev, bpf.CgroupDevCtx: the device opened (access type, major, minor).
var devAccess, devMajor, devMinor uint32

//go:section cgroup/dev
//export on_dev
func on_dev(ctx *bpf.CgroupDevCtx) int32 {
	devAccess, devMajor, devMinor = ctx.AccessType, ctx.Major, ctx.Minor
	return 1
}

func main() {}
