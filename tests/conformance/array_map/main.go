//go:build tinygo

// An array map of counters indexed by the packet's first byte (mod 16).
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var counts = bpfMapDef{Type: 2 /* array */, KeySize: 4, ValueSize: 8, MaxEntries: 16}

type xdpMd struct {
	Data, DataEnd uint32
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

//go:section xdp
//export count_first_byte
func count_first_byte(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	md := (*xdpMd)(ctx)
	data, end := uintptr(md.Data), uintptr(md.DataEnd)
	if data == 0 || data+14 > end {
		return 0 // XDP_ABORTED: not even an Ethernet header
	}
	key := uint32(*(*byte)(unsafe.Pointer(data))) & 15
	if n := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&counts), unsafe.Pointer(&key))); n != nil {
		*n++
	}
	return 2 // XDP_PASS
}

func main() {}
