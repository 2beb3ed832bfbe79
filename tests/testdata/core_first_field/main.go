// A bpfCore stub whose first field is the one read: at offset 0 of the Go
// struct, the load goes through the pointer itself (no field address), and
// still needs its CO-RE relocation to task_struct.pid, which is not at
// offset 0 in any kernel. bpf_get_current_task_btf's pointer is one the
// verifier lets a tp_btf program read directly.
package main

import "unsafe"

type bpfCoreTaskStruct struct {
	Pid int32
}

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var pids = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 4, MaxEntries: 1}

func bpfGetCurrentTaskBtf() *bpfCoreTaskStruct
func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

//go:section tp_btf/sys_enter
//export first_field
func first_field(ctx unsafe.Pointer) int32 {
	key := uint32(0)
	out := (*int32)(bpfMapLookupElem(unsafe.Pointer(&pids), unsafe.Pointer(&key)))
	task := bpfGetCurrentTaskBtf()
	if out == nil || task == nil {
		return 0
	}
	*out = task.Pid
	return 0
}

func main() {}
