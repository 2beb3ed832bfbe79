// Package tinybpftest checks tinybpf's objects from Go with cilium/ebpf, the
// loader Go users have.
package tinybpftest

import (
	"os"
	"testing"

	"github.com/cilium/ebpf"
)

// loadSpec reads the object named by an environment variable that make test
// sets; outside make test the test is skipped.
func loadSpec(t *testing.T, env string) *ebpf.CollectionSpec {
	t.Helper()
	path := os.Getenv(env)
	if path == "" {
		t.Skipf("%s is not set (make test sets it)", env)
	}
	spec, err := ebpf.LoadCollectionSpec(path)
	if err != nil {
		t.Fatal(err)
	}
	return spec
}

// runXDP runs the program on a 64-byte packet and returns its verdict.
func runXDP(t *testing.T, prog *ebpf.Program) uint32 {
	t.Helper()
	ret, err := prog.Run(&ebpf.RunOptions{Data: make([]byte, 64)})
	if err != nil {
		t.Fatal(err)
	}
	return ret
}

const (
	xdpDrop = 1
	xdpPass = 2
)

// tests/testdata/globals: drops packets longer than the .rodata maxLen
// (default 100), counts packets in .bss and keeps the last length in .data.
func TestGlobalsSetFromCiliumEbpf(t *testing.T) {
	for _, tc := range []struct {
		maxLen *uint32
		want   uint32
	}{
		{nil, xdpPass},
		{ptr(uint32(32)), xdpDrop},
	} {
		spec := loadSpec(t, "TINYBPF_GLOBALS_OBJ")
		for _, name := range []string{"maxLen", "seenPackets", "lastLen"} {
			if spec.Variables[name] == nil {
				t.Fatalf("no variable %q in the object's BTF", name)
			}
		}
		if tc.maxLen != nil {
			if err := spec.Variables["maxLen"].Set(*tc.maxLen); err != nil {
				t.Fatal(err)
			}
		}
		coll, err := ebpf.NewCollection(spec)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			if got := runXDP(t, coll.Programs["filter"]); got != tc.want {
				t.Errorf("maxLen %v: verdict %d, want %d", tc.maxLen, got, tc.want)
			}
		}
		var seen uint64
		if err := coll.Variables["seenPackets"].Get(&seen); err != nil {
			t.Fatal(err)
		}
		var last uint32
		if err := coll.Variables["lastLen"].Get(&last); err != nil {
			t.Fatal(err)
		}
		if seen != 3 || last != 64 {
			t.Errorf("seenPackets %d lastLen %d, want 3 and 64", seen, last)
		}
		coll.Close()
	}
}

func ptr[T any](v T) *T { return &v }
