package bpf

import "testing"

// PerfEventRegs' accessors read the registers named for the GOARCH the test
// runs on (the guest case tests/kernels/guest/sdk_contexts runs both).
func TestPerfEventRegsAccessors(t *testing.T) {
	var r PerfEventRegs
	setPerfEventRegs(&r, 11, 12, 13)
	if r.IP() != 11 || r.SP() != 12 || r.FP() != 13 {
		t.Errorf("IP, SP, FP = %d, %d, %d, want 11, 12, 13", r.IP(), r.SP(), r.FP())
	}
}
