// cgroup programs on connect(2): in the cgroup v2 the tracer attaches them to
// (and its descendants), a connect to a port that is a key of the map `ports`
// fails with EPERM, for IPv4 and IPv6, TCP and UDP alike, and the port's
// count of refusals grows. Connects elsewhere, and from other cgroups, go on.
// Compiled by TinyGo and tinybpf; connect_stub.go keeps standard Go tooling happy.

//go:build tinygo

package main

import (
	"sync/atomic"
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

// ports maps a destination port (network byte order, as in the socket
// address) to the connects refused to it.
var ports = bpf.HashMap[bpf.Be16, uint64]{MaxEntries: 1024}

// The verdicts of a cgroup/connect program: 0 fails the connect with EPERM.
const (
	refuse = 0
	allow  = 1
)

// check is the programs' common body. user_port holds the port the caller
// passed in sin_port or sin6_port: network byte order, in the low 16 bits
// (the kernel loads the __be16 into the __u32 field).
func check(ctx *bpf.SockAddr) int32 {
	port := bpf.Be16(ctx.UserPort)
	refused := ports.Lookup(&port)
	if refused == nil {
		return allow
	}
	atomic.AddUint64(refused, 1)
	return refuse
}

//go:section cgroup/connect4
//export connect4
func connect4(ctx *bpf.SockAddr) int32 { return check(ctx) }

//go:section cgroup/connect6
//export connect6
func connect6(ctx *bpf.SockAddr) int32 { return check(ctx) }

func main() {}
