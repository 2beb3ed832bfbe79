//go:build smoke

// Built only with -tags smoke: scripts/smoke.sh runs it, as root, on the
// object it built (BPF_PROG_TEST_RUN needs both).
package filter_test

import (
	"os"
	"testing"

	"github.com/tinybpf/tinybpf/examples/tc-filter/internal/filter"
)

// objEnv names the built object; scripts/smoke.sh sets it.
const objEnv = "TC_FILTER_OBJ"

// TestTestRun: see filter.TestRun.
func TestTestRun(t *testing.T) {
	obj := os.Getenv(objEnv)
	if obj == "" {
		t.Fatalf("%s is not set: run scripts/smoke.sh, which builds the object", objEnv)
	}
	if err := filter.TestRun(obj, t.Logf); err != nil {
		t.Error(err)
	}
}
