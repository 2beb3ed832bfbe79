//go:build tinygo

// Four programs of four types in one object, sharing one map and a helper.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var hits = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 8, MaxEntries: 4}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

//go:noinline
func hit(slot uint32, by uint64) uint64 {
	n := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&hits), unsafe.Pointer(&slot)))
	if n == nil {
		return 0
	}
	*n += by
	return *n
}

//go:section xdp
//export on_xdp
func on_xdp(ctx unsafe.Pointer) int32 {
	hit(0, 1)
	return 2
}

//go:section tc
//export on_tc
func on_tc(ctx unsafe.Pointer) int32 {
	return int32(hit(1, 10))
}

//go:section socket
//export on_socket
func on_socket(ctx unsafe.Pointer) int32 {
	hit(2, 100)
	return 0
}

//go:section syscall
//export on_syscall
func on_syscall(ctx unsafe.Pointer) int32 {
	return int32(hit(3, 1000))
}

func main() {}
