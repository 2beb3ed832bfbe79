//go:build tinygo

// Checked indexes (issue 12): each program reads an index from the packet,
// checks it the way Go programmers do, and indexes with it. All of them must
// build without --panic-return: the check rules out Go's bounds check, even
// where the BPF backend's llvm.bpf.passthrough sits between the two. Each
// counts the index it accepted in slot `index` of its own entry of `hists`
// (the key is the program's number) and returns 1, or returns 0 when the
// check refused the index.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type hist struct {
	Slots [32]uint64
}

type scratch struct {
	Buf [64]uint32
}

var hists = bpfMapDef{Type: 2 /* array */, KeySize: 4, ValueSize: 256, MaxEntries: 16}
var scratches = bpfMapDef{Type: 6 /* per-CPU array */, KeySize: 4, ValueSize: 256, MaxEntries: 1}

// A .bss array, indexed directly.
var counters [16]uint64

type xdpMd struct {
	Data, DataEnd uint32
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
func bpfKtimeGetNs() uint64

// packet returns the address of the packet's first n bytes, or 0.
func packet(ctx unsafe.Pointer, n uintptr) uintptr {
	md := (*xdpMd)(ctx)
	data, end := uintptr(md.Data), uintptr(md.DataEnd)
	if data+n > end {
		return 0
	}
	return data
}

func histogram(key uint32) *hist {
	return (*hist)(bpfMapLookupElem(unsafe.Pointer(&hists), unsafe.Pointer(&key)))
}

// The docs' idiom, on an array inside a map value.
//
//go:section xdp
//export map_value_u32
func map_value_u32(ctx unsafe.Pointer) int32 {
	p := packet(ctx, 4)
	h := histogram(0)
	if p == 0 || h == nil {
		return 0
	}
	i := *(*uint32)(unsafe.Pointer(p))
	if i < uint32(len(h.Slots)) {
		h.Slots[i]++
		return 1
	}
	return 0
}

// An early return on a limit, then the index.
//
//go:section xdp
//export limit_u32
func limit_u32(ctx unsafe.Pointer) int32 {
	const limit = 31
	p := packet(ctx, 4)
	h := histogram(1)
	if p == 0 || h == nil {
		return 0
	}
	n := *(*uint32)(unsafe.Pointer(p))
	if n > limit {
		return 0
	}
	h.Slots[n]++
	return 1
}

//go:section xdp
//export index_u8
func index_u8(ctx unsafe.Pointer) int32 {
	// Two bytes, not one: for data+1 > end, LLVM compares the two 32-bit
	// context fields in 32 bits, which the verifier cannot use for packets.
	p := packet(ctx, 2)
	h := histogram(2)
	if p == 0 || h == nil {
		return 0
	}
	i := *(*uint8)(unsafe.Pointer(p))
	if i < 32 {
		h.Slots[i]++
		return 1
	}
	return 0
}

//go:section xdp
//export index_u16
func index_u16(ctx unsafe.Pointer) int32 {
	p := packet(ctx, 2)
	h := histogram(3)
	if p == 0 || h == nil {
		return 0
	}
	i := *(*uint16)(unsafe.Pointer(p))
	if i >= 32 {
		return 0
	}
	h.Slots[i]++
	return 1
}

//go:section xdp
//export index_u64
func index_u64(ctx unsafe.Pointer) int32 {
	p := packet(ctx, 8)
	h := histogram(4)
	if p == 0 || h == nil {
		return 0
	}
	i := *(*uint64)(unsafe.Pointer(p))
	if i < uint64(len(h.Slots)) {
		h.Slots[i]++
		return 1
	}
	return 0
}

//go:section xdp
//export index_i32
func index_i32(ctx unsafe.Pointer) int32 {
	p := packet(ctx, 4)
	h := histogram(5)
	if p == 0 || h == nil {
		return 0
	}
	i := *(*int32)(unsafe.Pointer(p))
	if i < 0 || i >= 32 {
		return 0
	}
	h.Slots[i]++
	return 1
}

//go:section xdp
//export index_int
func index_int(ctx unsafe.Pointer) int32 {
	p := packet(ctx, 8)
	h := histogram(6)
	if p == 0 || h == nil {
		return 0
	}
	i := *(*int)(unsafe.Pointer(p))
	if i >= 0 && i < len(h.Slots) {
		h.Slots[i]++
		return 1
	}
	return 0
}

// A per-CPU array value as scratch space larger than the stack allows.
//
//go:section xdp
//export percpu_scratch
func percpu_scratch(ctx unsafe.Pointer) int32 {
	p := packet(ctx, 4)
	zero := uint32(0)
	s := (*scratch)(bpfMapLookupElem(unsafe.Pointer(&scratches), unsafe.Pointer(&zero)))
	h := histogram(7)
	if p == 0 || s == nil || h == nil {
		return 0
	}
	i := *(*uint32)(unsafe.Pointer(p))
	if i >= uint32(len(s.Buf)) {
		return 0
	}
	s.Buf[i] = i + 100
	h.Slots[s.Buf[i]-100-i]++ // slot 0
	return 1
}

// A stack array filled in a loop, read at a checked index.
//
//go:section xdp
//export stack_array
func stack_array(ctx unsafe.Pointer) int32 {
	p := packet(ctx, 4)
	h := histogram(8)
	if p == 0 || h == nil {
		return 0
	}
	var squares [32]uint32
	for j := range squares {
		squares[j] = uint32(j * j)
	}
	i := *(*uint32)(unsafe.Pointer(p))
	if i < uint32(len(squares)) {
		h.Slots[squares[i]%32]++
		return 1
	}
	return 0
}

// A loop bounded by the packet's count and by the array.
//
//go:section xdp
//export bounded_loop
func bounded_loop(ctx unsafe.Pointer) int32 {
	p := packet(ctx, 4)
	h := histogram(9)
	if p == 0 || h == nil {
		return 0
	}
	n := *(*uint32)(unsafe.Pointer(p))
	var j uint32
	for j = 0; j < n && j < uint32(len(h.Slots)); j++ {
		h.Slots[j]++
	}
	return int32(j)
}

// A helper call between the check and the index.
//
//go:section xdp
//export after_helper
func after_helper(ctx unsafe.Pointer) int32 {
	p := packet(ctx, 4)
	h := histogram(10)
	if p == 0 || h == nil {
		return 0
	}
	i := *(*uint32)(unsafe.Pointer(p))
	if i >= 32 {
		return 0
	}
	if bpfKtimeGetNs() == 0 {
		return 0
	}
	h.Slots[i]++
	return 1
}

// The log2 histogram idiom of libbpf-tools: clamp to the last slot.
//
//go:section xdp
//export clamped
func clamped(ctx unsafe.Pointer) int32 {
	p := packet(ctx, 4)
	h := histogram(11)
	if p == 0 || h == nil {
		return 0
	}
	slot := *(*uint32)(unsafe.Pointer(p))
	if slot >= uint32(len(h.Slots)) {
		slot = uint32(len(h.Slots)) - 1
	}
	h.Slots[slot]++
	return 1
}

// Two indexes into a two-dimensional array inside the map value.
//
//go:section xdp
//export two_dimensions
func two_dimensions(ctx unsafe.Pointer) int32 {
	p := packet(ctx, 2)
	h := histogram(12)
	if p == 0 || h == nil {
		return 0
	}
	grid := (*[4][8]uint64)(unsafe.Pointer(&h.Slots))
	r, c := *(*uint8)(unsafe.Pointer(p)), *(*uint8)(unsafe.Pointer(p + 1))
	if r < 4 && c < 8 {
		grid[r][c]++
		return 1
	}
	return 0
}

// A package variable's array.
//
//go:section xdp
//export global_array
func global_array(ctx unsafe.Pointer) int32 {
	p := packet(ctx, 4)
	if p == 0 {
		return 0
	}
	i := *(*uint32)(unsafe.Pointer(p))
	if i < uint32(len(counters)) {
		counters[i]++
		return 1
	}
	return 0
}

// A slice of the map value's array, checked against its length.
//
//go:section xdp
//export slice_len
func slice_len(ctx unsafe.Pointer) int32 {
	p := packet(ctx, 4)
	h := histogram(13)
	if p == 0 || h == nil {
		return 0
	}
	s := h.Slots[:]
	i := int(*(*uint32)(unsafe.Pointer(p)))
	if i < len(s) {
		s[i]++
		return 1
	}
	return 0
}

func main() {}
