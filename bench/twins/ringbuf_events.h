// The ring buffer `events` the Go examples declare as
// bpfMapDef{Type: bpfMapTypeRingbuf, MaxEntries: 1 << 18}.
#pragma once

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 18);
} events SEC(".maps");

// dropped counts the events the full ring buffer refused, as every Go example
// does (its tracer reads the .bss variable and reports them as lost).
__u64 dropped = 0;
