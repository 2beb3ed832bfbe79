//go:build tinygo

// A tc classifier: bytes per EtherType in a hash map.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var bytesByEtherType = bpfMapDef{Type: 1 /* hash */, KeySize: 2, ValueSize: 8, MaxEntries: 64}

// skBuff is the start of struct __sk_buff up to data and data_end.
type skBuff struct {
	Len  uint32
	_    [18]uint32
	Data uint32 // offset 76
	End  uint32 // offset 80
}

const bpfNoexist = 1

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

//go:section tc
//export count_ethertype
func count_ethertype(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 2 // TC_ACT_SHOT
	}
	skb := (*skBuff)(ctx)
	data, end := uintptr(skb.Data), uintptr(skb.End)
	if data == 0 || data+14 > end {
		return 2
	}
	eth := (*[14]byte)(unsafe.Pointer(data))
	key := uint16(eth[12])<<8 | uint16(eth[13])
	size := uint64(skb.Len)
	if total := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&bytesByEtherType), unsafe.Pointer(&key))); total != nil {
		*total += size
	} else {
		bpfMapUpdateElem(unsafe.Pointer(&bytesByEtherType), unsafe.Pointer(&key), unsafe.Pointer(&size), bpfNoexist)
	}
	return 0 // TC_ACT_OK
}

func main() {}
