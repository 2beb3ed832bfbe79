//go:build tinygo

// Narrow unsigned offsets become addresses by zero-extension, as Go defines
// them (uintptr(p) + uintptr(n)): unsafe.Add, indexing, slicing and uintptr
// arithmetic with uint8/16/32 offsets at 0, 2^(n-1)-1, 2^(n-1) and 2^n-1,
// and a signed offset, which still subtracts. The addresses are computed
// from a base the packet gives and never dereferenced; a global table read
// with a uint8 index checks a real access. Each run writes its results to
// slot `Slot` of the array map `out`.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type results struct {
	Add32, Add16, Add8, AddSigned uint64
	Index32, Index16              uint64
	Slice32, Uintptr32            uint64
	UnsafeSliceLen, Table8        uint64
}

var out = bpfMapDef{Type: 2 /* array */, KeySize: 4, ValueSize: uint32(unsafe.Sizeof(results{})), MaxEntries: 4}

// Set by the loader before load (expect.json): table[i] == i.
var table [256]uint8

type input struct {
	Slot uint32
	N32  uint32
	S32  int32
	N16  uint16
	N8   uint8
	_    uint8
	Base uint64
}

type xdpMd struct {
	Data, DataEnd uint32
}

func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

//go:section xdp
//export narrow_offsets
func narrow_offsets(ctx unsafe.Pointer) int32 {
	md := (*xdpMd)(ctx)
	data, end := uintptr(md.Data), uintptr(md.DataEnd)
	if data+unsafe.Sizeof(input{}) > end {
		return 0
	}
	in := *(*input)(unsafe.Pointer(data))
	if in.Base == 0 || in.Slot >= 4 {
		return 0
	}
	p := unsafe.Pointer(uintptr(in.Base))
	var r results
	r.Add32 = uint64(uintptr(unsafe.Add(p, in.N32)))
	r.Add16 = uint64(uintptr(unsafe.Add(p, in.N16)))
	r.Add8 = uint64(uintptr(unsafe.Add(p, in.N8)))
	r.AddSigned = uint64(uintptr(unsafe.Add(p, in.S32)))
	r.Index32 = uint64(uintptr(unsafe.Pointer(&(*[1 << 40]byte)(p)[in.N32])))
	r.Index16 = uint64(uintptr(unsafe.Pointer(&(*[1 << 40]uint32)(p)[in.N16])))
	r.Slice32 = uint64(uintptr(unsafe.Pointer(unsafe.SliceData((*[1 << 40]byte)(p)[in.N32:]))))
	r.Uintptr32 = uint64(uintptr(p) + uintptr(in.N32))
	r.UnsafeSliceLen = uint64(len(unsafe.Slice((*byte)(p), in.N32)))
	r.Table8 = uint64(table[in.N8])
	slot := in.Slot
	bpfMapUpdateElem(unsafe.Pointer(&out), unsafe.Pointer(&slot), unsafe.Pointer(&r), 0)
	return 2
}

func main() {}
