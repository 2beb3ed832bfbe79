//go:build tinygo

// bpf.CgrpStorage: a value per cgroup. A syscall program takes its own cgroup
// with the kfunc bpf_cgroup_from_id (a trusted pointer the helper accepts).
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

// bpfCoreCgroup stands for the kernel's struct cgroup (docs/core.md).
type bpfCoreCgroup struct {
	Level int32
}

func bpfKfuncBpfCgroupFromId(id uint64) *bpfCoreCgroup
func bpfKfuncBpfCgroupRelease(cgrp *bpfCoreCgroup)

var cgroups = bpf.CgrpStorage[uint64]{Flags: bpf.MapNoPrealloc}

//go:section syscall
//export count
func count(ctx unsafe.Pointer) int32 {
	cgrp := bpfKfuncBpfCgroupFromId(bpf.GetCurrentCgroupId())
	if cgrp == nil {
		return -1
	}
	start := uint64(100)
	v := cgroups.Get(unsafe.Pointer(cgrp), &start, bpf.StorageCreate)
	result := int32(-2)
	if v != nil {
		*v++
		result = int32(*v)
	}
	bpfKfuncBpfCgroupRelease(cgrp)
	return result
}

func main() {}
