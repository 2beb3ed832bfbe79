//go:build tinygo

// --panic-return 7 (link-flags): an index the compiler cannot prove in
// range returns 7 where Go would panic, never a silent 0; in range, the
// table's value.
package main

import "unsafe"

var table = [8]int32{100, 101, 102, 103, 104, 105, 106, 107}

type xdpMd struct {
	Data, DataEnd uint32
}

//go:section xdp
//export lookup_table
func lookup_table(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	md := (*xdpMd)(ctx)
	data, end := uintptr(md.Data), uintptr(md.DataEnd)
	if data == 0 || data+14 > end {
		return 0
	}
	i := *(*byte)(unsafe.Pointer(data))
	return table[i]
}

func main() {}
