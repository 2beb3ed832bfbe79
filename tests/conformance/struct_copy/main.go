//go:build tinygo

// Whole-struct copies between map values and the stack.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type state struct {
	Count uint64
	Last  uint32
	Tag   uint64
}

var states = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 24, MaxEntries: 2}

type xdpMd struct {
	Data, DataEnd uint32
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

//go:section xdp
//export copy_state
func copy_state(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	md := (*xdpMd)(ctx)
	data, end := uintptr(md.Data), uintptr(md.DataEnd)
	if data == 0 || data+14 > end {
		return 0
	}
	current, previous := uint32(0), uint32(1)
	src := (*state)(bpfMapLookupElem(unsafe.Pointer(&states), unsafe.Pointer(&current)))
	dst := (*state)(bpfMapLookupElem(unsafe.Pointer(&states), unsafe.Pointer(&previous)))
	if src == nil || dst == nil {
		return 0
	}
	*dst = *src // the state before this packet
	v := *src
	v.Count++
	v.Last = uint32(*(*byte)(unsafe.Pointer(data)))
	if v.Tag == 0 {
		v.Tag = 0x1122334455667788
	}
	*src = v
	return int32(v.Count)
}

func main() {}
