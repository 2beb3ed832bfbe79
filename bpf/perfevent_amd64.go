//go:build amd64

package bpf

// The sampled instruction, stack and frame pointers, as PtRegs gives them
// (PerfEventRegs is x86_64's struct pt_regs): code reading a perf_event
// sample's registers through these builds for either GOARCH.
func (r *PerfEventRegs) IP() uint64 { return r.Rip }
func (r *PerfEventRegs) SP() uint64 { return r.Rsp }
func (r *PerfEventRegs) FP() uint64 { return r.Rbp }
