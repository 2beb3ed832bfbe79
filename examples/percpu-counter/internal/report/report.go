// Package report is what the tracer prints: every CPU's count and their sum.
package report

import (
	"fmt"
	"strings"
)

// Report is one reading of the counters.
type Report struct {
	PerCPU []uint64 `json:"per_cpu"` // indexed by CPU number
	Total  uint64   `json:"total"`
}

// New sums the per-CPU counts.
func New(perCPU []uint64) Report {
	r := Report{PerCPU: perCPU}
	for _, n := range perCPU {
		r.Total += n
	}
	return r
}

// Text is the report's part of the tracer's line (trace.Stamped adds the
// time): "cpu0=N cpu1=N ... total=N".
func (r Report) Text() string {
	var b strings.Builder
	for cpu, n := range r.PerCPU {
		fmt.Fprintf(&b, "cpu%d=%d ", cpu, n)
	}
	fmt.Fprintf(&b, "total=%d", r.Total)
	return b.String()
}
