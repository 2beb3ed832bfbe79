package bpf

// PtRegs is the kprobe context of the architecture the program is built for
// (GOARCH=amd64: x86_64).
type PtRegs = PtRegsAmd64
