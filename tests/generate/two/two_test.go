// Package two holds the loaders of two objects, generated with the default
// (unexported, per-object) names into one package as bpf2go's stems allow:
// tests/cli/generate_test.sh writes typed_globals_bpf.go and
// tracepoint-openat_bpf.go here, then vets, builds and runs this test.
package two

import (
	"testing"

	"github.com/cilium/ebpf"
)

// Both objects load side by side, each through its own names, and the
// program of one runs with the configuration its own generated type sets.
func TestTwoLoadersOnePackage(t *testing.T) {
	if tracepointOpenatProgTraceOpenat != "trace_openat" || typedGlobalsProgRecord != "record" {
		t.Fatalf("program names %q, %q", tracepointOpenatProgTraceOpenat, typedGlobalsProgRecord)
	}
	var openat tracepointOpenatObjects
	if err := loadTracepointOpenatObjects(&openat, nil); err != nil {
		t.Fatal(err)
	}
	defer openat.Close()
	if openat.Events.Type() != ebpf.RingBuf {
		t.Errorf("events is a %v, want a ring buffer", openat.Events.Type())
	}

	spec, err := loadTypedGlobals()
	if err != nil {
		t.Fatal(err)
	}
	// Limit 10: a 64-byte packet is over it, so the program drops it (1).
	limit := typedGlobalsSettings{Enabled: true, Limit: 10}
	if err := spec.Variables["config"].Set(limit); err != nil {
		t.Fatal(err)
	}
	var typed typedGlobalsObjects
	if err := spec.LoadAndAssign(&typed, nil); err != nil {
		t.Fatal(err)
	}
	defer typed.Close()
	ret, err := typed.Record.Run(&ebpf.RunOptions{Data: make([]byte, 64)})
	if err != nil {
		t.Fatal(err)
	}
	if ret != 1 {
		t.Errorf("64-byte packet over Limit 10: verdict %d, want 1 (drop)", ret)
	}
}
