package bpf

func setPerfEventRegs(r *PerfEventRegs, ip, sp, fp uint64) { r.Pc, r.Sp, r.Regs[29] = ip, sp, fp }
