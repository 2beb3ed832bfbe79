//go:build tinygo

// Arrays on the stack: prefix sums, a reversal and a 4x4 transpose, with
// indexes the compiler can prove in range; results go to an array map.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var out = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 16 * 4, MaxEntries: 3}

type xdpMd struct {
	Data, DataEnd uint32
}

func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

//go:section xdp
//export arrays
func arrays(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	md := (*xdpMd)(ctx)
	data, end := uintptr(md.Data), uintptr(md.DataEnd)
	if data == 0 || data+16 > end {
		return 0
	}
	packet := (*[16]byte)(unsafe.Pointer(data))
	var prefix, reversed, transposed [16]uint32
	var sum uint32
	for i, b := range packet {
		sum += uint32(b)
		prefix[i] = sum
		reversed[len(reversed)-1-i] = uint32(b)
	}
	var grid [4][4]uint32
	for r := 0; r < 4; r++ {
		for c := 0; c < 4; c++ {
			grid[r][c] = uint32(packet[r*4+c])
		}
	}
	for r := 0; r < 4; r++ {
		for c := 0; c < 4; c++ {
			transposed[c*4+r] = grid[r][c]
		}
	}
	for k, a := range [3]*[16]uint32{&prefix, &reversed, &transposed} {
		key := uint32(k)
		bpfMapUpdateElem(unsafe.Pointer(&out), unsafe.Pointer(&key), unsafe.Pointer(a), 0)
	}
	return int32(prefix[15])
}

func main() {}
