//go:build tinygo

// bpf.ProgArray: entry jumps to the program in slot 0 (user space fills it),
// which returns XDP_PASS; from an empty slot TailCall returns and entry goes on.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

var jumps = bpf.ProgArray{MaxEntries: 2}

//go:section xdp
//export entry
func entry(ctx unsafe.Pointer) int32 {
	jumps.TailCall(ctx, 0)
	return 1 // XDP_DROP: slot 0 was empty
}

//go:section xdp
//export entry_empty
func entry_empty(ctx unsafe.Pointer) int32 {
	jumps.TailCall(ctx, 1)
	return 3 // XDP_TX: slot 1 is empty
}

//go:section xdp
//export target
func target(ctx unsafe.Pointer) int32 {
	return 2 // XDP_PASS
}

func main() {}
