//go:build tinygo

// sk_reuseport/migrate (bpf.SkReuseportMd, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE)
// through the SDK: the runner attaches the program to two TCP listeners on
// 127.0.0.1:4062, connects from 127.0.0.1:4063, and closes the listener
// holding the connection before accepting it. The program runs twice: to
// select a listener for the SYN (MigratingSk nil), and to move the queued
// connection to the other listener (MigratingSk that connection). It records
// both and lets the kernel pick (SK_PASS without a selection).
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

var (
	selects, selIPProtocol, selEthProtocol, selBindInany uint32
	migrations, migLen, migIPProtocol                     uint32
	migFamily, migState, migSrcPort, migSrcIP4, migDstIP4 uint32
	migDstPort                                            bpf.Be16
)

//go:section sk_reuseport/migrate
//export on_migrate
func on_migrate(ctx *bpf.SkReuseportMd) int32 {
	m := ctx.MigratingSk
	if m == nil {
		selects++
		selIPProtocol, selEthProtocol, selBindInany = ctx.IpProtocol, ctx.EthProtocol, ctx.BindInany
		return bpf.SK_PASS
	}
	migrations++
	migLen, migIPProtocol = ctx.Len, ctx.IpProtocol
	migFamily, migState, migSrcPort = m.Family, m.State, m.SrcPort
	migSrcIP4, migDstIP4, migDstPort = m.SrcIp4, m.DstIp4, m.DstPort
	return bpf.SK_PASS
}

func main() {}
