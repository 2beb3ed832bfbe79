//go:build tinygo

// bpf.SkStorage: a value per socket. BPF_PROG_TEST_RUN gives a tc program's
// packet a socket of its own for each run, so the value lives for one run:
// created from init, changed, read back, deleted.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

// skBuff is struct __sk_buff up to its socket pointer (offset 168).
type skBuff struct {
	_  [168]byte
	Sk uint64 // __bpf_md_ptr(struct bpf_sock *, sk)
}

type perSocket struct {
	Packets uint32
	Mark    uint32
}

var sockets = bpf.SkStorage[perSocket]{Flags: bpf.MapNoPrealloc}

//go:section tc
//export count
func count(ctx unsafe.Pointer) int32 {
	// The helper takes the packet's socket as the verifier types it
	// (struct bpf_sock_common) once it is known not to be nil.
	sk := unsafe.Pointer(uintptr((*skBuff)(ctx).Sk))
	if sk == nil {
		return -1
	}
	init := perSocket{Packets: 40, Mark: 7}
	v := sockets.Get(sk, &init, bpf.StorageCreate)
	if v == nil {
		return -3
	}
	v.Packets += 2
	again := sockets.Get(sk, nil, 0)
	if again == nil {
		return -4
	}
	result := int32(again.Packets + again.Mark*100)
	if sockets.Delete(sk) != 0 || sockets.Get(sk, nil, 0) != nil {
		return -5
	}
	return result
}

func main() {}
