package main

import "unsafe"

func bpfGetPrandomU32() uint32
func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64

//go:section xdp
//export fill
func fill(ctx unsafe.Pointer) int32 {
	n := bpfGetPrandomU32()%16 + 1
	buf := make([]byte, n)
	bpfGetCurrentComm(unsafe.Pointer(&buf[0]), n)
	return int32(buf[0])
}

func main() {}
