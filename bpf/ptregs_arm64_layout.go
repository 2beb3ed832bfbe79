package bpf

// PtRegsArm64 is the start of struct pt_regs of arm64
// (arch/arm64/include/asm/ptrace.h): user_pt_regs, then orig_x0 and
// syscallno. The kernel's struct continues; nothing after is needed here.
type PtRegsArm64 struct {
	Regs      [31]uint64 // x0..x30
	Sp        uint64
	Pc        uint64
	Pstate    uint64
	OrigX0    uint64
	Syscallno int32
	_         int32
}

// Arguments of a function the probe is attached to (AAPCS64: x0..x7).
func (r *PtRegsArm64) Arg1() uint64 { return r.Regs[0] }
func (r *PtRegsArm64) Arg2() uint64 { return r.Regs[1] }
func (r *PtRegsArm64) Arg3() uint64 { return r.Regs[2] }
func (r *PtRegsArm64) Arg4() uint64 { return r.Regs[3] }
func (r *PtRegsArm64) Arg5() uint64 { return r.Regs[4] }
func (r *PtRegsArm64) Arg6() uint64 { return r.Regs[5] }

// Ret is the return value in a kretprobe (x0).
func (r *PtRegsArm64) Ret() uint64 { return r.Regs[0] }

// Arguments of a system call, read from the registers user space entered the
// kernel with. x0 doubles as the return register, so the first argument is
// read from orig_x0, where the kernel saved it on entry.
func (r *PtRegsArm64) SyscallArg1() uint64 { return r.OrigX0 }
func (r *PtRegsArm64) SyscallArg2() uint64 { return r.Regs[1] }
func (r *PtRegsArm64) SyscallArg3() uint64 { return r.Regs[2] }
func (r *PtRegsArm64) SyscallArg4() uint64 { return r.Regs[3] }
func (r *PtRegsArm64) SyscallArg5() uint64 { return r.Regs[4] }
func (r *PtRegsArm64) SyscallArg6() uint64 { return r.Regs[5] }

// The instruction, stack and frame pointers (libbpf's PT_REGS_IP, PT_REGS_SP
// and PT_REGS_FP for __TARGET_ARCH_arm64: pc, sp and x29).
func (r *PtRegsArm64) IP() uint64 { return r.Pc }
func (r *PtRegsArm64) SP() uint64 { return r.Sp }
func (r *PtRegsArm64) FP() uint64 { return r.Regs[29] }
