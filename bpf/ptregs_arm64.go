package bpf

// PtRegs is the kprobe context of the architecture the program is built for
// (GOARCH=arm64).
type PtRegs = PtRegsArm64
