package main

import "unsafe"

// Global data in named sections: .data.NAME, .rodata.NAME and .bss.NAME are
// BPF global data; any other section is refused, as is a variable that is
// declared (//go:extern) and defined nowhere.

//go:section .data.counters
var hits uint64 = 1

//go:section .rodata.config
var limit uint32 = 100

//go:section .bss.scratch
var scratch uint64

//go:section .database
var notData uint32 = 5

//go:section mysection
var elsewhere uint32 = 6

//go:extern undefinedVar
var undefinedVar uint32

//go:section xdp
//export use_good
func use_good(ctx unsafe.Pointer) int32 {
	hits++
	scratch++
	return int32(limit)
}

//go:section xdp
//export use_bad
func use_bad(ctx unsafe.Pointer) int32 {
	return int32(notData + elsewhere + undefinedVar)
}

func main() {}
