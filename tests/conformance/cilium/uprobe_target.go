package conformance

// The function the "uprobe" cases probe in this executable, as
// conformance_test.c defines it for the libbpf runner: a C function, so that
// its arguments and return value are in the registers of the C calling
// convention that bpf.PtRegs reads (a Go function's are not).

/*
#include <stdint.h>

__attribute__((noinline, used)) long tinybpf_conformance_target(long a, long b)
{
	__asm__ volatile("" ::: "memory");
	return a + b;
}

static uintptr_t tinybpf_conformance_target_address(void)
{
	return (uintptr_t)tinybpf_conformance_target;
}
*/
import "C"

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

func callTarget(a, b int64) int64 {
	return int64(C.tinybpf_conformance_target(C.long(a), C.long(b)))
}

// targetFileOffset is where tinybpf_conformance_target is in the executable
// file, found from its address in memory and /proc/self/maps: `go test`
// strips the symbol table a lookup by name would need.
func targetFileOffset() (uint64, error) {
	addr := uint64(C.tinybpf_conformance_target_address())
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return 0, err
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		// start-end perms offset dev inode path
		fields := strings.Fields(s.Text())
		if len(fields) < 6 || fields[5] != exe {
			continue
		}
		start, end, _ := strings.Cut(fields[0], "-")
		lo, err1 := strconv.ParseUint(start, 16, 64)
		hi, err2 := strconv.ParseUint(end, 16, 64)
		off, err3 := strconv.ParseUint(fields[2], 16, 64)
		if err1 == nil && err2 == nil && err3 == nil && addr >= lo && addr < hi {
			return addr - lo + off, nil
		}
	}
	return 0, fmt.Errorf("no mapping of %s holds tinybpf_conformance_target (%#x)", exe, addr)
}
