// Programs under section names newer than libbpf 1.1 (tc/ingress, tcx/egress:
// sched_cls, which libbpf 1.4 knows) and than libbpf 1.4 (kprobe.session,
// uprobe.session: kprobe programs with a session attach type, libbpf 1.5 and
// 1.6): verify must load each with its type, and this kernel accepts them.
package main

import "unsafe"

//go:section tc/ingress
//export tc_ingress
func tc_ingress(ctx unsafe.Pointer) int32 {
	return 0 // TC_ACT_OK
}

//go:section tcx/egress
//export tcx_egress
func tcx_egress(ctx unsafe.Pointer) int32 {
	return 0
}

//go:section kprobe.session/do_unlinkat
//export unlink_session
func unlink_session(ctx unsafe.Pointer) int32 {
	return 0
}

//go:section uprobe.session
//export user_session
func user_session(ctx unsafe.Pointer) int32 {
	return 0
}

func main() {}
