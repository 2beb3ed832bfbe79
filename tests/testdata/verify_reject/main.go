// Programs the compiler accepts and the kernel's verifier rejects, for
// `tinybpf verify`: each mistake is visible only to the verifier, which
// knows where the packet ends and how large the helper's destination is.
package main

import "unsafe"

type xdpMd struct {
	Data, DataEnd, DataMeta, IngressIfindex, RxQueueIndex, EgressIfindex uint32
}

func bpfProbeReadUser(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

// Checks that the Ethernet header is there before reading its type: accepted.
//
//go:section xdp
//export ethertype_checked
func ethertype_checked(ctx *xdpMd) int32 {
	if ctx == nil {
		return 0
	}
	data, end := uintptr(ctx.Data), uintptr(ctx.DataEnd)
	if data == 0 || data+14 > end {
		return 2 // XDP_PASS
	}
	return int32(*(*byte)(unsafe.Pointer(data + 12)))
}

// Reads the first byte without comparing against DataEnd.
//
//go:section xdp
//export first_byte_unchecked
func first_byte_unchecked(ctx *xdpMd) int32 {
	if ctx == nil {
		return 0
	}
	data := uintptr(ctx.Data)
	if data == 0 {
		return 2
	}
	return int32(*(*byte)(unsafe.Pointer(data)))
}

// Asks the helper for 64 bytes into a 16-byte buffer.
//
//go:section tracepoint/syscalls/sys_enter_openat
//export overfills_buffer
func overfills_buffer(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	var name [16]byte
	bpfProbeReadUser(unsafe.Pointer(&name), 64, *(*unsafe.Pointer)(unsafe.Add(ctx, 24)))
	return int32(name[0])
}

func main() {}
