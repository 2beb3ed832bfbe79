// Bad input: a standard library function that allocates memory of a size
// known only at run time, which BPF programs cannot have (no heap): refused
// at the user's call.
package main

import (
	"bytes"
	"unsafe"
)

func bpfGetPrandomU32() uint32

var one = [1]byte{'a'}

//go:section xdp
//export sized_at_run_time
func sized_at_run_time(ctx unsafe.Pointer) int32 {
	b := bytes.Repeat(one[:], int(bpfGetPrandomU32()%8)+1)
	return int32(b[0])
}

func main() {}
