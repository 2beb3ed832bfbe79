package bpf

import (
	"testing"
	"unsafe"
)

// The offsets the kernel's headers give (pahole on 6.1 and 6.12 vmlinux, and
// libbpf's bpf_tracing.h register choices): a wrong one reads the wrong
// register without any error, so each is pinned here.
func TestPtRegsAmd64Layout(t *testing.T) {
	var r PtRegsAmd64
	for _, c := range []struct {
		name string
		got  uintptr
		want uintptr
	}{
		{"r10", unsafe.Offsetof(r.R10), 56},
		{"r9", unsafe.Offsetof(r.R9), 64},
		{"r8", unsafe.Offsetof(r.R8), 72},
		{"ax", unsafe.Offsetof(r.Ax), 80},
		{"cx", unsafe.Offsetof(r.Cx), 88},
		{"dx", unsafe.Offsetof(r.Dx), 96},
		{"si", unsafe.Offsetof(r.Si), 104},
		{"di", unsafe.Offsetof(r.Di), 112},
		{"orig_ax", unsafe.Offsetof(r.OrigAx), 120},
		{"ip", unsafe.Offsetof(r.Ip), 128},
		{"sp", unsafe.Offsetof(r.Sp), 152},
		{"sizeof", unsafe.Sizeof(r), 168},
	} {
		if c.got != c.want {
			t.Errorf("pt_regs.%s at %d, want %d", c.name, c.got, c.want)
		}
	}
}

func TestPtRegsArm64Layout(t *testing.T) {
	var r PtRegsArm64
	for _, c := range []struct {
		name string
		got  uintptr
		want uintptr
	}{
		{"regs[1]", unsafe.Offsetof(r.Regs) + 8, 8},
		{"sp", unsafe.Offsetof(r.Sp), 248},
		{"pc", unsafe.Offsetof(r.Pc), 256},
		{"pstate", unsafe.Offsetof(r.Pstate), 264},
		{"orig_x0", unsafe.Offsetof(r.OrigX0), 272},
		{"syscallno", unsafe.Offsetof(r.Syscallno), 280},
	} {
		if c.got != c.want {
			t.Errorf("pt_regs.%s at %d, want %d", c.name, c.got, c.want)
		}
	}
}

// Each accessor must read the register its ABI assigns; the values are the
// register numbers, so a swapped accessor shows which one it read.
func TestPtRegsAccessors(t *testing.T) {
	x := PtRegsAmd64{Di: 1, Si: 2, Dx: 3, Cx: 4, R8: 5, R9: 6, R10: 40, Ax: 99, Ip: 70, Sp: 71, Bp: 72}
	a := PtRegsArm64{OrigX0: 100, Sp: 200, Pc: 201}
	for i := range a.Regs {
		a.Regs[i] = uint64(i + 1)
	}
	for _, c := range []struct {
		name      string
		got, want uint64
	}{
		{"amd64 Arg1", x.Arg1(), 1}, {"amd64 Arg2", x.Arg2(), 2}, {"amd64 Arg3", x.Arg3(), 3},
		{"amd64 Arg4", x.Arg4(), 4}, {"amd64 Arg5", x.Arg5(), 5}, {"amd64 Arg6", x.Arg6(), 6},
		{"amd64 Ret", x.Ret(), 99},
		{"amd64 SyscallArg1", x.SyscallArg1(), 1}, {"amd64 SyscallArg3", x.SyscallArg3(), 3},
		{"amd64 SyscallArg4 (r10, not rcx)", x.SyscallArg4(), 40},
		{"amd64 SyscallArg5", x.SyscallArg5(), 5}, {"amd64 SyscallArg6", x.SyscallArg6(), 6},
		{"arm64 Arg1", a.Arg1(), 1}, {"arm64 Arg2", a.Arg2(), 2}, {"arm64 Arg3", a.Arg3(), 3},
		{"arm64 Arg4", a.Arg4(), 4}, {"arm64 Arg5", a.Arg5(), 5}, {"arm64 Arg6", a.Arg6(), 6},
		{"arm64 Ret", a.Ret(), 1},
		{"arm64 SyscallArg1 (orig_x0)", a.SyscallArg1(), 100}, {"arm64 SyscallArg2", a.SyscallArg2(), 2},
		{"arm64 SyscallArg4", a.SyscallArg4(), 4}, {"arm64 SyscallArg6", a.SyscallArg6(), 6},
		{"amd64 IP", x.IP(), 70}, {"amd64 SP", x.SP(), 71}, {"amd64 FP (rbp)", x.FP(), 72},
		{"arm64 IP (pc)", a.IP(), 201}, {"arm64 SP", a.SP(), 200}, {"arm64 FP (x29)", a.FP(), 30},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
}

func TestTracepointLayouts(t *testing.T) {
	var e SyscallEnter
	var x SyscallExit
	// /sys/kernel/tracing/events/syscalls/sys_enter_openat/format:
	// __syscall_nr at 8, dfd at 16, filename at 24; sys_exit_*: ret at 16.
	if got := unsafe.Offsetof(e.NR); got != 8 {
		t.Errorf("SyscallEnter.NR at %d, want 8", got)
	}
	if got := unsafe.Offsetof(e.Args) + 8; got != 24 {
		t.Errorf("SyscallEnter.Args[1] at %d, want 24", got)
	}
	if got := unsafe.Offsetof(x.Ret); got != 16 {
		t.Errorf("SyscallExit.Ret at %d, want 16", got)
	}
	if got := unsafe.Offsetof(e.PID); got != 4 {
		t.Errorf("TracepointHeader.PID at %d, want 4", got)
	}
}

func TestArgsRet(t *testing.T) {
	a := Args{10, 11, 12, 13}
	if got := a.Ret(2); got != 12 {
		t.Errorf("Ret(2) = %d, want 12 (the slot after two arguments)", got)
	}
}
