//go:build tinygo

// 8-byte fields after smaller ones, in a value that escapes to the heap
// (which becomes an 8-byte-aligned stack slot: the verifier refuses
// misaligned stack accesses) and in a map value laid out as Go lays it out.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type record struct {
	Flag  uint8
	Value uint64
	Small uint16
	Big   uint64
}

var records = bpfMapDef{Type: 1, KeySize: 4, ValueSize: 32, MaxEntries: 4}

func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

//go:noinline
func fill(r *record, a, b uint64) {
	r.Flag = 1
	r.Value = a
	r.Small = uint16(a >> 48)
	r.Big = a + b
}

//go:section syscall
//export store_record
func store_record(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return -1
	}
	args := (*[2]uint64)(ctx)
	r := new(record)
	fill(r, args[0], args[1])
	key := uint32(r.Small)
	if bpfMapUpdateElem(unsafe.Pointer(&records), unsafe.Pointer(&key), unsafe.Pointer(r), 0) != 0 {
		return -2
	}
	return int32(unsafe.Offsetof(r.Big))
}

func main() {}
