package bpf

// PtRegsAmd64 is struct pt_regs of x86_64 (arch/x86/include/asm/ptrace.h).
type PtRegsAmd64 struct {
	R15, R14, R13, R12, Bp, Bx, R11, R10, R9, R8 uint64
	Ax, Cx, Dx, Si, Di                           uint64
	OrigAx                                       uint64
	Ip, Cs, Flags, Sp, Ss                        uint64
}

// Arguments of a function the probe is attached to, in the kernel's C
// calling convention (System V: rdi, rsi, rdx, rcx, r8, r9).
func (r *PtRegsAmd64) Arg1() uint64 { return r.Di }
func (r *PtRegsAmd64) Arg2() uint64 { return r.Si }
func (r *PtRegsAmd64) Arg3() uint64 { return r.Dx }
func (r *PtRegsAmd64) Arg4() uint64 { return r.Cx }
func (r *PtRegsAmd64) Arg5() uint64 { return r.R8 }
func (r *PtRegsAmd64) Arg6() uint64 { return r.R9 }

// Ret is the return value in a kretprobe (rax).
func (r *PtRegsAmd64) Ret() uint64 { return r.Ax }

// Arguments of a system call, read from the registers user space entered the
// kernel with. They differ from ArgN in the fourth one: the syscall
// instruction clobbers rcx, so the ABI passes it in r10.
func (r *PtRegsAmd64) SyscallArg1() uint64 { return r.Di }
func (r *PtRegsAmd64) SyscallArg2() uint64 { return r.Si }
func (r *PtRegsAmd64) SyscallArg3() uint64 { return r.Dx }
func (r *PtRegsAmd64) SyscallArg4() uint64 { return r.R10 }
func (r *PtRegsAmd64) SyscallArg5() uint64 { return r.R8 }
func (r *PtRegsAmd64) SyscallArg6() uint64 { return r.R9 }

// The instruction, stack and frame pointers (libbpf's PT_REGS_IP, PT_REGS_SP
// and PT_REGS_FP for __TARGET_ARCH_x86).
func (r *PtRegsAmd64) IP() uint64 { return r.Ip }
func (r *PtRegsAmd64) SP() uint64 { return r.Sp }
func (r *PtRegsAmd64) FP() uint64 { return r.Bp }
