package report

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

func TestSumAndLines(t *testing.T) {
	r := New([]uint64{3, 0, 1 << 40, 7})
	if r.Total != 3+1<<40+7 {
		t.Fatalf("Total = %d", r.Total)
	}
	ts := time.Date(2026, 12, 2, 15, 4, 5, 6, time.FixedZone("X", 3600))
	if got, want := trace.Stamp(r, ts).String(), "2026-12-02T14:04:05Z cpu0=3 cpu1=0 cpu2=1099511627776 cpu3=7 total=1099511627786"; got != want {
		t.Errorf("line = %q\n  want %q", got, want)
	}
	b, err := json.Marshal(trace.Stamp(r, ts))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"time":"2026-12-02T14:04:05.000000006Z","per_cpu":[3,0,1099511627776,7],"total":1099511627786}`; got != want {
		t.Errorf("JSON = %s\n  want %s", got, want)
	}
}

func TestEmpty(t *testing.T) {
	if got := New(nil).Text(); got != "total=0" {
		t.Errorf("Text = %q", got)
	}
}
