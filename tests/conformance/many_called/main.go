//go:build tinygo

// Twenty-four programs, one of which another calls: tinybpf cannot cut such a
// module in parts (each part would define prog_0), so it compiles it whole
// and says why under -v (tests/cli/cli_test.sh); prog_1 returns 101.
package main

import "unsafe"

//go:section syscall
//export prog_0
func prog_0(ctx unsafe.Pointer) int32 { return 100 }

//go:section syscall
//export prog_1
func prog_1(ctx unsafe.Pointer) int32 { return prog_0(ctx) + 1 }

//go:section syscall
//export prog_2
func prog_2(ctx unsafe.Pointer) int32 { return 2 }

//go:section syscall
//export prog_3
func prog_3(ctx unsafe.Pointer) int32 { return 3 }

//go:section syscall
//export prog_4
func prog_4(ctx unsafe.Pointer) int32 { return 4 }

//go:section syscall
//export prog_5
func prog_5(ctx unsafe.Pointer) int32 { return 5 }

//go:section syscall
//export prog_6
func prog_6(ctx unsafe.Pointer) int32 { return 6 }

//go:section syscall
//export prog_7
func prog_7(ctx unsafe.Pointer) int32 { return 7 }

//go:section syscall
//export prog_8
func prog_8(ctx unsafe.Pointer) int32 { return 8 }

//go:section syscall
//export prog_9
func prog_9(ctx unsafe.Pointer) int32 { return 9 }

//go:section syscall
//export prog_10
func prog_10(ctx unsafe.Pointer) int32 { return 10 }

//go:section syscall
//export prog_11
func prog_11(ctx unsafe.Pointer) int32 { return 11 }

//go:section syscall
//export prog_12
func prog_12(ctx unsafe.Pointer) int32 { return 12 }

//go:section syscall
//export prog_13
func prog_13(ctx unsafe.Pointer) int32 { return 13 }

//go:section syscall
//export prog_14
func prog_14(ctx unsafe.Pointer) int32 { return 14 }

//go:section syscall
//export prog_15
func prog_15(ctx unsafe.Pointer) int32 { return 15 }

//go:section syscall
//export prog_16
func prog_16(ctx unsafe.Pointer) int32 { return 16 }

//go:section syscall
//export prog_17
func prog_17(ctx unsafe.Pointer) int32 { return 17 }

//go:section syscall
//export prog_18
func prog_18(ctx unsafe.Pointer) int32 { return 18 }

//go:section syscall
//export prog_19
func prog_19(ctx unsafe.Pointer) int32 { return 19 }

//go:section syscall
//export prog_20
func prog_20(ctx unsafe.Pointer) int32 { return 20 }

//go:section syscall
//export prog_21
func prog_21(ctx unsafe.Pointer) int32 { return 21 }

//go:section syscall
//export prog_22
func prog_22(ctx unsafe.Pointer) int32 { return 22 }

//go:section syscall
//export prog_23
func prog_23(ctx unsafe.Pointer) int32 { return 23 }

func main() {}
