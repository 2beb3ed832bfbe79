//go:build tinygo

// A queue map: three values pushed per packet come out first in, first out.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var fifo = bpfMapDef{Type: 22 /* queue */, ValueSize: 4, MaxEntries: 8}

type xdpMd struct {
	Data, DataEnd uint32
}

func bpfMapPushElem(m, value unsafe.Pointer, flags uint64) int64

//go:section xdp
//export enqueue
func enqueue(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	md := (*xdpMd)(ctx)
	data, end := uintptr(md.Data), uintptr(md.DataEnd)
	if data == 0 || data+14 > end {
		return 0
	}
	v := uint32(*(*byte)(unsafe.Pointer(data)))
	for i := 0; i < 3; i++ {
		bpfMapPushElem(unsafe.Pointer(&fifo), unsafe.Pointer(&v), 0)
		v++
	}
	return 2
}

func main() {}
