//go:build tinygo

// A per-CPU array: bytes seen, summed over CPUs by the loaders.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var bytesSeen = bpfMapDef{Type: 6 /* percpu array */, KeySize: 4, ValueSize: 8, MaxEntries: 4}

type xdpMd struct {
	Data, DataEnd uint32
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

//go:section xdp
//export count_bytes
func count_bytes(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	md := (*xdpMd)(ctx)
	key := uint32(1)
	if total := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&bytesSeen), unsafe.Pointer(&key))); total != nil {
		*total += uint64(md.DataEnd - md.Data)
	}
	return 2
}

func main() {}
