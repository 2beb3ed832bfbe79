// A declared function with a name longer than any helper's, given a map: the
// maps pass reads every such call to learn a ring buffer's record type, and
// the helpers pass then refuses the name. tests/cli/bad_input_test.sh.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var events = bpfMapDef{Type: 27, MaxEntries: 4096} // BPF_MAP_TYPE_RINGBUF

func bpfRingbufOutputThenMoreWordsThanAnyHelperNameHasSoItRunsPastSixtyFourBytes(m, data unsafe.Pointer, size, flags uint64) int64

//go:section tracepoint/syscalls/sys_enter_close
//export on_close
func on_close(ctx unsafe.Pointer) int32 {
	v := uint64(7)
	return int32(bpfRingbufOutputThenMoreWordsThanAnyHelperNameHasSoItRunsPastSixtyFourBytes(unsafe.Pointer(&events), unsafe.Pointer(&v), 8, 0))
}

func main() {}
