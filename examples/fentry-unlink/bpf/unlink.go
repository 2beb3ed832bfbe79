// fentry/fexit on do_unlinkat, after the "eBPF fentry/fexit" tutorial:
// each call of do_unlinkat(int dfd, struct filename *name) sends an entry
// event and an exit event (with the return value) to the ring buffer `events`.
// Compiled by TinyGo and tinybpf; unlink_stub.go keeps standard Go tooling happy.

//go:build tinygo

package main

import "unsafe"

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

// fentry/fexit programs get the traced function's arguments as an array of
// u64; for fexit the return value follows them. do_unlinkat has two
// arguments, so ctx[0] = dfd, ctx[1] = name, ctx[2] = return value.
type unlinkArgs struct {
	Dfd  uint64
	Name uintptr // struct filename *
	Ret  uint64  // fexit only
}

// Kernel helpers, recognised by name: bpfProbeReadKernel is bpf_probe_read_kernel.
func bpfGetCurrentPidTgid() uint64
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfProbeReadKernelStr(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfRingbufOutput(ringbuf unsafe.Pointer, data unsafe.Pointer, size uint64, flags uint64) int64

// send fills in the pid and the file name, then emits ev.
func send(ev *unlinkEvent, name uintptr) {
	ev.PID = uint32(bpfGetCurrentPidTgid() >> 32)
	// struct filename's first member is `const char *name`: read the pointer,
	// then the string it points to.
	var str uintptr
	bpfProbeReadKernel(unsafe.Pointer(&str), uint32(unsafe.Sizeof(str)), unsafe.Pointer(name))
	bpfProbeReadKernelStr(unsafe.Pointer(&ev.Filename), uint32(len(ev.Filename)), unsafe.Pointer(str))
	bpfRingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(ev), uint64(unsafe.Sizeof(*ev)), 0)
}

//go:section fentry/do_unlinkat
//export do_unlinkat_entry
func do_unlinkat_entry(ctx unsafe.Pointer) int32 {
	// The kernel never passes nil, but TinyGo puts a nil check on a read at
	// offset 0 (args.Dfd), which tinybpf rejects as a possible panic; this
	// test lets the compiler drop such checks.
	if ctx == nil {
		return 0
	}
	args := (*unlinkArgs)(ctx)
	var ev unlinkEvent
	ev.Kind = kindEntry
	send(&ev, args.Name)
	return 0
}

//go:section fexit/do_unlinkat
//export do_unlinkat_exit
func do_unlinkat_exit(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return 0
	}
	args := (*unlinkArgs)(ctx)
	var ev unlinkEvent
	ev.Kind = kindExit
	// do_unlinkat returns int: only the low 32 bits of the slot are defined
	// (-ENOENT arrives as 0x00000000fffffffe), so sign-extend from int32.
	ev.Ret = int64(int32(args.Ret))
	send(&ev, args.Name)
	return 0
}

func main() {}
