//go:build tinygo

// An XDP program that reads its context without testing it for nil: the
// kernel always passes one, so tinybpf marks it non-nil and TinyGo's nil
// check on md.Data folds away instead of being reported as a possible panic.
package main

import "unsafe"

type xdpMd struct {
	Data, DataEnd uint32
}

//go:section xdp
//export packet_length
func packet_length(ctx unsafe.Pointer) int32 {
	md := (*xdpMd)(ctx)
	return int32(md.DataEnd - md.Data)
}

func main() {}
