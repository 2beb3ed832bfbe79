//go:build tinygo

// Thirty-two programs in one module, enough that tinybpf compiles them in two
// parts side by side and joins the parts with libbpf's linker
// (docs/cli.md, Many programs). All of them share one map, three globals (.rodata
// set by the loader, .data, .bss) and one Go function: whichever part a
// program was compiled in, it must see what the others wrote.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var counts = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 8, MaxEntries: 32} // BPF_MAP_TYPE_ARRAY

//go:section .rodata
var step uint64 = 1

var calls uint64 = 1000 // .data
var last uint32         // .bss

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

// bump adds step to the slot's count and returns the count plus 100 times
// the slot, so each program's return value says which program ran.
//
//go:noinline
func bump(slot uint32) int32 {
	calls++
	last = slot
	n := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&counts), unsafe.Pointer(&slot)))
	if n == nil {
		return -1
	}
	*n += step
	return int32(*n) + int32(slot)*100
}

//go:section syscall
//export prog_0
func prog_0(ctx unsafe.Pointer) int32 { return bump(0) }

//go:section syscall
//export prog_1
func prog_1(ctx unsafe.Pointer) int32 { return bump(1) }

//go:section syscall
//export prog_2
func prog_2(ctx unsafe.Pointer) int32 { return bump(2) }

//go:section syscall
//export prog_3
func prog_3(ctx unsafe.Pointer) int32 { return bump(3) }

//go:section syscall
//export prog_4
func prog_4(ctx unsafe.Pointer) int32 { return bump(4) }

//go:section syscall
//export prog_5
func prog_5(ctx unsafe.Pointer) int32 { return bump(5) }

//go:section syscall
//export prog_6
func prog_6(ctx unsafe.Pointer) int32 { return bump(6) }

//go:section syscall
//export prog_7
func prog_7(ctx unsafe.Pointer) int32 { return bump(7) }

//go:section syscall
//export prog_8
func prog_8(ctx unsafe.Pointer) int32 { return bump(8) }

//go:section syscall
//export prog_9
func prog_9(ctx unsafe.Pointer) int32 { return bump(9) }

//go:section syscall
//export prog_10
func prog_10(ctx unsafe.Pointer) int32 { return bump(10) }

//go:section syscall
//export prog_11
func prog_11(ctx unsafe.Pointer) int32 { return bump(11) }

//go:section syscall
//export prog_12
func prog_12(ctx unsafe.Pointer) int32 { return bump(12) }

//go:section syscall
//export prog_13
func prog_13(ctx unsafe.Pointer) int32 { return bump(13) }

//go:section syscall
//export prog_14
func prog_14(ctx unsafe.Pointer) int32 { return bump(14) }

//go:section syscall
//export prog_15
func prog_15(ctx unsafe.Pointer) int32 { return bump(15) }

//go:section syscall
//export prog_16
func prog_16(ctx unsafe.Pointer) int32 { return bump(16) }

//go:section syscall
//export prog_17
func prog_17(ctx unsafe.Pointer) int32 { return bump(17) }

//go:section syscall
//export prog_18
func prog_18(ctx unsafe.Pointer) int32 { return bump(18) }

//go:section syscall
//export prog_19
func prog_19(ctx unsafe.Pointer) int32 { return bump(19) }

//go:section syscall
//export prog_20
func prog_20(ctx unsafe.Pointer) int32 { return bump(20) }

//go:section syscall
//export prog_21
func prog_21(ctx unsafe.Pointer) int32 { return bump(21) }

//go:section syscall
//export prog_22
func prog_22(ctx unsafe.Pointer) int32 { return bump(22) }

//go:section syscall
//export prog_23
func prog_23(ctx unsafe.Pointer) int32 { return bump(23) }

//go:section syscall
//export prog_24
func prog_24(ctx unsafe.Pointer) int32 { return bump(24) }

//go:section syscall
//export prog_25
func prog_25(ctx unsafe.Pointer) int32 { return bump(25) }

//go:section syscall
//export prog_26
func prog_26(ctx unsafe.Pointer) int32 { return bump(26) }

//go:section syscall
//export prog_27
func prog_27(ctx unsafe.Pointer) int32 { return bump(27) }

//go:section syscall
//export prog_28
func prog_28(ctx unsafe.Pointer) int32 { return bump(28) }

//go:section syscall
//export prog_29
func prog_29(ctx unsafe.Pointer) int32 { return bump(29) }

//go:section syscall
//export prog_30
func prog_30(ctx unsafe.Pointer) int32 { return bump(30) }

//go:section syscall
//export prog_31
func prog_31(ctx unsafe.Pointer) int32 { return bump(31) }

func main() {}
