// fentry/fexit on do_unlinkat, after the "eBPF fentry/fexit" tutorial:
// each call of do_unlinkat(int dfd, struct filename *name) sends an entry
// event and an exit event (with the return value) to the ring buffer `events`.
// Compiled by TinyGo and tinybpf; unlink_stub.go keeps standard Go tooling happy.

//go:build tinygo

package main

import (
	"sync/atomic"
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

const bpfMapTypeRingbuf = 27

// bpfMapDef: tinybpf turns each variable of this type into a BTF-defined map
// in the .maps section, named after the variable.
type bpfMapDef struct {
	Type       uint32
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	MapFlags   uint32
}

var events = bpfMapDef{Type: bpfMapTypeRingbuf, MaxEntries: 1 << 18}

// dropped counts events the full ring buffer refused; the tracer reads it
// (a .bss variable) to report lost events.
var dropped uint64

const (
	kindEntry = 0
	kindExit  = 1
)

// unlinkEvent is what user space reads (tests/kernels/guest/fentry_unlink_test.c
// mirrors the layout: 4 + 4 + 8 + 128 bytes, no padding).
type unlinkEvent struct {
	Kind     uint32 // kindEntry or kindExit
	PID      uint32 // tgid of the caller
	Ret      int64  // do_unlinkat's return value (exit only)
	Filename [128]byte
}

// do_unlinkat(int dfd, struct filename *name): fentry and fexit see the
// arguments as 64-bit slots of bpf.Args; fexit has the return value after them.
const (
	argName  = 1
	argCount = 2
)

// send fills in the pid and the file name, then emits ev.
func send(ev *unlinkEvent, name uint64) {
	ev.PID = uint32(bpf.GetCurrentPidTgid() >> 32)
	// struct filename is kernel memory; its first member, `const char *name`,
	// points to the kernel's copy of the path: read the pointer, then the string.
	var str uintptr
	bpf.ProbeReadKernel(unsafe.Pointer(&str), uint32(unsafe.Sizeof(str)), unsafe.Pointer(uintptr(name)))
	bpf.ProbeReadKernelStr(unsafe.Pointer(&ev.Filename), uint32(len(ev.Filename)), unsafe.Pointer(str))
	if bpf.RingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(ev), uint64(unsafe.Sizeof(*ev)), 0) < 0 {
		atomic.AddUint64(&dropped, 1)
	}
}

//go:section fentry/do_unlinkat
//export do_unlinkat_entry
func do_unlinkat_entry(ctx unsafe.Pointer) int32 {
	args := (*bpf.Args)(ctx)
	var ev unlinkEvent
	ev.Kind = kindEntry
	send(&ev, args[argName])
	return 0
}

//go:section fexit/do_unlinkat
//export do_unlinkat_exit
func do_unlinkat_exit(ctx unsafe.Pointer) int32 {
	args := (*bpf.Args)(ctx)
	var ev unlinkEvent
	ev.Kind = kindExit
	// do_unlinkat returns int: only the low 32 bits of the slot are defined
	// (-ENOENT arrives as 0x00000000fffffffe), so sign-extend from int32.
	ev.Ret = int64(int32(args.Ret(argCount)))
	send(&ev, args[argName])
	return 0
}

func main() {}
