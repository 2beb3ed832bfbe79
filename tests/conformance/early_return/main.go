//go:build tinygo

// Guard clauses: each early return is one path a run takes.
package main

import "unsafe"

type skBuff struct {
	Len  uint32
	_    [18]uint32
	Data uint32
	End  uint32
}

//go:section tc
//export guard
func guard(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return -1
	}
	skb := (*skBuff)(ctx)
	if skb.Len < 20 {
		return 1
	}
	data, end := uintptr(skb.Data), uintptr(skb.End)
	if data == 0 || data+20 > end {
		return 2
	}
	p := (*[20]byte)(unsafe.Pointer(data))
	if p[0] == 0xff {
		return 3
	}
	if p[1] > 100 {
		return 4
	}
	for i := 2; i < 18; i++ {
		if p[i] == 0 {
			return int32(10 + i)
		}
	}
	return 0
}

func main() {}
