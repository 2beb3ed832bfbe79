// An LSM program on the file_open hook, after the Go tinybpf's lsm-file-open:
// opening a file whose inode user space marked in the inode storage map
// `denied` fails with EPERM, and each refusal is sent to the ring buffer
// `events`. Compiled by TinyGo and tinybpf; deny_stub.go keeps standard Go
// tooling happy.

//go:build tinygo

package main

import (
	"sync/atomic"
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

// rule is the value user space stores for each inode to deny (keyed by an
// fd of the file): the number of its -deny flag, from 1.
type rule struct {
	ID uint32
}

var denied = bpf.InodeStorage[rule]{Flags: bpf.MapNoPrealloc}

// denyEvent is what the tracer decodes; internal/event mirrors its layout.
type denyEvent struct {
	Pid  uint32
	Rule uint32
	Comm [16]byte
}

var events = bpf.RingBuf[denyEvent]{MaxEntries: 1 << 16}

// dropped counts refusals the full ring buffer could not report; the tracer
// reads it (a .bss variable) to report lost events.
var dropped uint64

const errEPERM = 1

// deny_open runs for every open of a file (security_file_open(struct file
// *file)). LSM programs get the hook's arguments as 64-bit slots, then the
// return value of the BPF LSM programs before this one; a refusal by one of
// them stands. File is struct file, written by `tinybpf types` into
// kernel_gen.go: f_inode is read at the running kernel's offset (CO-RE), and
// the verifier knows the result for a struct inode pointer, which is what
// the inode storage wants.
//
//go:section lsm/file_open
//export deny_open
func deny_open(ctx *bpf.Args) int32 {
	if ret := int32(ctx[1]); ret != 0 {
		return ret
	}
	file := (*File)(unsafe.Pointer(uintptr(ctx[0])))
	if file == nil { // never, but Go cannot know
		return 0
	}
	r := denied.Get(unsafe.Pointer(file.FInode), nil, 0)
	if r == nil {
		return 0
	}
	if ev := events.Reserve(0); ev != nil {
		ev.Pid = uint32(bpf.GetCurrentPidTgid() >> 32)
		ev.Rule = r.ID
		bpf.GetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))
		events.Submit(ev, 0)
	} else {
		atomic.AddUint64(&dropped, 1)
	}
	return -errEPERM
}

func main() {}
