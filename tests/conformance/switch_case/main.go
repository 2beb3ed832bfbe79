//go:build tinygo

// switch statements (on values, on ranges, with fallthrough) in a tc program.
package main

import "unsafe"

type skBuff struct {
	Len  uint32
	_    [18]uint32
	Data uint32
	End  uint32
}

func classify(kind, size byte) int32 {
	var base int32
	switch kind {
	case 1:
		base = 10
	case 2, 3:
		base = 20
	case 4:
		base = 40
		fallthrough
	case 5:
		base += 5
	default:
		return -int32(kind)
	}
	switch {
	case size < 16:
		return base + 1
	case size < 128:
		return base + 2
	}
	return base + 3
}

//go:section tc
//export classify_packet
func classify_packet(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	skb := (*skBuff)(ctx)
	data, end := uintptr(skb.Data), uintptr(skb.End)
	if data == 0 || data+14 > end {
		return 0
	}
	p := (*[2]byte)(unsafe.Pointer(data))
	return classify(p[0], p[1])
}

func main() {}
