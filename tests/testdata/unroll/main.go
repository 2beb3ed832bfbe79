// The program of tests/conformance/unroll, for tests/lib/passes/unroll_test.c:
// the loops that call bpfUnroll() (directly, or through unroll()) leave no
// backward jump in the object; the plain loop keeps one.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var squares = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 8, MaxEntries: 32}

func bpfUnroll()
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64
func bpfGetPrandomU32() uint32

// What a library would export (`bpf.Unroll()`).
func unroll() { bpfUnroll() }


//go:section xdp
//export unrolled
func unrolled(ctx unsafe.Pointer) int32 {
	var sum uint64
	for i := uint32(0); i < 32; i++ {
		bpfUnroll()
		v := uint64(i)*uint64(i) + 1000
		k := i
		bpfMapUpdateElem(unsafe.Pointer(&squares), unsafe.Pointer(&k), unsafe.Pointer(&v), 0)
		sum += v
	}
	return int32(sum)
}

//go:section xdp
//export unrolled_wrapper
func unrolled_wrapper(ctx unsafe.Pointer) int32 {
	var sum uint64
	for i := uint32(0); i < 32; i++ {
		unroll()
		v := uint64(i)*uint64(i) + 2000
		k := i
		bpfMapUpdateElem(unsafe.Pointer(&squares), unsafe.Pointer(&k), unsafe.Pointer(&v), 0)
		sum += v
	}
	return int32(sum)
}

//go:section xdp
//export looped
func looped(ctx unsafe.Pointer) int32 {
	var sum uint64
	for i := uint32(0); i < 32; i++ {
		v := uint64(i)*uint64(i) + 3000
		k := i
		bpfMapUpdateElem(unsafe.Pointer(&squares), unsafe.Pointer(&k), unsafe.Pointer(&v), 0)
		sum += v
	}
	return int32(sum)
}

// The inner of two loops asks; the outer, of a count only known at run
// time, keeps its backward jump. In reverse postorder (unroll.c's block
// order), the outer loop's latch, the inner loop's exit, comes first.
//go:section xdp
//export unrolled_inner
func unrolled_inner(ctx unsafe.Pointer) int32 {
	var sum uint64
	n := bpfGetPrandomU32() & 7
	for j := uint32(0); j < n; j++ {
		for i := uint32(0); i < 4; i++ {
			bpfUnroll()
			v := uint64(i)*uint64(j) + 4000
			k := i
			bpfMapUpdateElem(unsafe.Pointer(&squares), unsafe.Pointer(&k), unsafe.Pointer(&v), 0)
			sum += v
		}
	}
	return int32(sum)
}

func main() {}
