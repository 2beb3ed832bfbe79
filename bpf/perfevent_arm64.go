//go:build arm64

package bpf

// The sampled instruction, stack and frame pointers, as PtRegs gives them
// (PerfEventRegs is arm64's struct user_pt_regs: pc, sp and x29): code
// reading a perf_event sample's registers through these builds for either
// GOARCH.
func (r *PerfEventRegs) IP() uint64 { return r.Pc }
func (r *PerfEventRegs) SP() uint64 { return r.Sp }
func (r *PerfEventRegs) FP() uint64 { return r.Regs[29] }
