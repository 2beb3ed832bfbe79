package bpf

func setPerfEventRegs(r *PerfEventRegs, ip, sp, fp uint64) { r.Rip, r.Rsp, r.Rbp = ip, sp, fp }
