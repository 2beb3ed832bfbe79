//go:build tinygo

// Go functions that are not inlined become BPF subprograms, which the
// verifier checks as static functions: here with pointers to a map value
// and to the stack as arguments. They must not become programs themselves.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type stats struct {
	Sum      uint64
	Odd, Max uint32
}

var results = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 16, MaxEntries: 1}

type xdpMd struct {
	Data, DataEnd uint32
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

//go:noinline
func accumulate(s *stats, b byte) {
	s.Sum += uint64(b)
	s.Odd += uint32(b & 1)
	if uint32(b) > s.Max {
		s.Max = uint32(b)
	}
}

//go:noinline
func publish(dst *stats, src *stats) uint32 {
	*dst = *src
	return src.Odd
}

//go:section xdp
//export summarise
func summarise(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	md := (*xdpMd)(ctx)
	data, end := uintptr(md.Data), uintptr(md.DataEnd)
	if data == 0 || data+64 > end {
		return 0
	}
	packet := (*[64]byte)(unsafe.Pointer(data))
	var s stats
	for i := 0; i < len(packet); i++ {
		accumulate(&s, packet[i])
	}
	key := uint32(0)
	dst := (*stats)(bpfMapLookupElem(unsafe.Pointer(&results), unsafe.Pointer(&key)))
	if dst == nil {
		return 0
	}
	return int32(publish(dst, &s))
}

func main() {}
