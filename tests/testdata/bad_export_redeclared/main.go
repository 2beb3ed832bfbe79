// Bad input: a helper declared twice with //export, the second time with a
// parameter it does not have: refused at the second declaration (TinyGo
// patch 0008), naming the first.
package main

import "unsafe"

//export bpf_ktime_get_ns
func ktimeGetNs() uint64

//go:section xdp
//export stamp
func stamp(ctx unsafe.Pointer) int32 {
	return int32(ktimeGetNs() + ktimeGetNsAgain(1))
}

func main() {}
