// Tracepoints on connect(2): sys_enter_connect reads the IPv4 or IPv6 address
// the caller passed (from user memory) and keeps it, with the caller's pid,
// tid and command, under the thread's id; sys_exit_connect adds the return
// value and sends the whole to the ring buffer `events`. Other families
// (AF_UNIX, ...) are left out.
// Compiled by TinyGo and tinybpf; connect_stub.go keeps standard Go tooling happy.

//go:build tinygo

package main

import (
	"sync/atomic"
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

// connectEvent is what the tracer decodes; internal/event mirrors its layout.
type connectEvent struct {
	PID    uint32
	TID    uint32
	Ret    int32       // connect's return value: 0 or a negative errno
	Family uint16      // AF_INET or AF_INET6
	Port   bpf.Be16    // as in sin_port: network byte order
	Addr   bpf.In6Addr // IPv4: the first 4 bytes
	Comm   [16]byte
}

var events = bpf.RingBuf[connectEvent]{MaxEntries: 1 << 18}

// pending holds a thread's connect between the two tracepoints.
var pending = bpf.HashMap[uint64, connectEvent]{MaxEntries: 10240}

// dropped counts the events the full ring buffer refused; the tracer reads it
// (a .bss variable) and reports them as lost.
var dropped uint64

// targTgid, set by the tracer's -pid before load (.rodata), keeps only that
// process's connects, in the kernel: 0 keeps every process's.
//
//go:section .rodata
var targTgid uint32

// connect(int fd, const struct sockaddr __user *uservaddr, int addrlen)
//
//go:section tracepoint/syscalls/sys_enter_connect
//export enter_connect
func enter_connect(ctx *bpf.SyscallEnter) int32 {
	id := bpf.GetCurrentPidTgid()
	if targTgid != 0 && uint32(id>>32) != targTgid {
		return 0
	}
	addr, addrlen := unsafe.Pointer(uintptr(ctx.Args[1])), ctx.Args[2]
	var ev connectEvent
	if bpf.ProbeReadUser(unsafe.Pointer(&ev.Family), uint32(unsafe.Sizeof(ev.Family)), addr) < 0 {
		return 0
	}
	switch ev.Family {
	case bpf.AF_INET:
		var sa bpf.SockaddrIn
		if addrlen < uint64(unsafe.Sizeof(sa)) ||
			bpf.ProbeReadUser(unsafe.Pointer(&sa), uint32(unsafe.Sizeof(sa)), addr) < 0 {
			return 0
		}
		ev.Port = sa.SinPort
		ev.Addr.In6U.U6Addr32()[0] = sa.SinAddr.SAddr
	case bpf.AF_INET6:
		// The kernel takes 24 bytes (no sin6_scope_id) as an IPv6 address.
		var sa bpf.SockaddrIn6
		const withoutScope = unsafe.Offsetof(sa.Sin6ScopeId)
		if addrlen < uint64(withoutScope) ||
			bpf.ProbeReadUser(unsafe.Pointer(&sa), uint32(withoutScope), addr) < 0 {
			return 0
		}
		ev.Port = sa.Sin6Port
		ev.Addr = sa.Sin6Addr
	default:
		return 0
	}
	ev.PID, ev.TID = uint32(id>>32), uint32(id)
	bpf.GetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))
	pending.Update(&id, &ev, bpf.UpdateAny)
	return 0
}

//go:section tracepoint/syscalls/sys_exit_connect
//export exit_connect
func exit_connect(ctx *bpf.SyscallExit) int32 {
	id := bpf.GetCurrentPidTgid()
	ev := pending.Lookup(&id)
	if ev == nil {
		return 0
	}
	ev.Ret = int32(ctx.Ret)
	if events.Output(ev, 0) < 0 {
		atomic.AddUint64(&dropped, 1)
	}
	pending.Delete(&id)
	return 0
}

func main() {}
