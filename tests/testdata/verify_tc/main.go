// tc and tcx programs under the section names libbpf 1.4 added: verify must
// load them as sched_cls programs, and this kernel accepts them.
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

func main() {}
