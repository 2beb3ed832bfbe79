//go:build tinygo

// bpf.TaskStorage: a value per task, created on first use. User space reads
// the runner thread's value with a pidfd as the key.
package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

type perTask struct {
	Runs uint64
	Tid  uint32
	_    uint32
}

var tasks = bpf.TaskStorage[perTask]{Flags: bpf.MapNoPrealloc}

//go:section raw_tp/sys_enter
//export count
func count(ctx *bpf.Args) int32 {
	task := bpf.GetCurrentTaskBtf()
	v := tasks.Get(task, nil, bpf.StorageCreate)
	if v == nil {
		return -1
	}
	v.Runs++
	v.Tid = uint32(bpf.GetCurrentPidTgid())
	if tasks.Get(task, nil, 0) != v {
		return -2
	}
	return int32(v.Runs)
}

//go:section raw_tp/sys_enter
//export forget
func forget(ctx *bpf.Args) int32 {
	task := bpf.GetCurrentTaskBtf()
	if tasks.Delete(task) != 0 || tasks.Get(task, nil, 0) != nil {
		return -1
	}
	return 0
}

func main() {}
