//go:build tinygo

// An LRU hash keyed by the packet's first 32-bit word.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var recent = bpfMapDef{Type: 9 /* lru hash */, KeySize: 4, ValueSize: 8, MaxEntries: 8}

type xdpMd struct {
	Data, DataEnd uint32
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

//go:section xdp
//export remember
func remember(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	md := (*xdpMd)(ctx)
	data, end := uintptr(md.Data), uintptr(md.DataEnd)
	if data == 0 || data+14 > end {
		return 0
	}
	key := *(*uint32)(unsafe.Pointer(data))
	seen := uint64(1)
	if n := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&recent), unsafe.Pointer(&key))); n != nil {
		seen = *n + 1
	}
	bpfMapUpdateElem(unsafe.Pointer(&recent), unsafe.Pointer(&key), unsafe.Pointer(&seen), 0)
	return 2
}

func main() {}
