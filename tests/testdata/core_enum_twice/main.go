// One enumerator asked twice, whether it exists and its value: the enum's
// debug type lists it once (core.c, tests/lib/passes/core_test.c), and the
// kernel gives its value (PIDTYPE_TGID is 1 in enum pid_type).
package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

var out int64 = -1

//go:section raw_tp/sys_enter
//export enum_twice
func enum_twice(ctx *bpf.Args) int32 {
	if bpf.CoreEnumValueExists("pid_type", "PIDTYPE_TGID") {
		out = bpf.CoreEnumValue("pid_type", "PIDTYPE_TGID")
	}
	return 0
}

func main() {}
