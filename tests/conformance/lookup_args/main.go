//go:build tinygo

// Typed contexts of two more program types BPF_PROG_TEST_RUN runs: sk_lookup
// (bpf.SkLookup: family, protocol, ports in their byte orders) and a raw
// tracepoint (bpf.Args, the tracepoint's arguments).
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

// Passes TCP over IPv4 to local port 8080 from remote port 40000, drops the rest.
//
//go:section sk_lookup
//export lookup
func lookup(ctx *bpf.SkLookup) int32 {
	if ctx.Family == 2 /* AF_INET */ && ctx.Protocol == bpf.IPPROTO_TCP &&
		ctx.LocalPort == 8080 && ctx.RemotePort.Host() == 40000 &&
		bpf.Be32(ctx.LocalIp4).Host() == 0x7f000001 {
		return bpf.SK_PASS
	}
	return bpf.SK_DROP
}

// The first argument minus the second.
//
//go:section raw_tp/sys_enter
//export args
func args(ctx *bpf.Args) int32 {
	if ctx == nil { // tinybpf cannot mark a raw tracepoint's context non-nil
		return -1
	}
	return int32(ctx[0] - ctx[1])
}

func main() {}
