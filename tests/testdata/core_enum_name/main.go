// One misuse of bpf.CoreEnumValue and nothing else wrong: the CO-RE pass
// refuses it and returns its error, so no later stage runs on the call it
// left (tests/lib/passes/core_test.c).
package main

import (
	_ "unsafe" // TinyGo honours //go:section on functions only with it

	"github.com/tinybpf/tinybpf/bpf"
)

var out int64

//go:section raw_tp/sys_enter
//export enum_name
func enum_name(ctx *bpf.Args) int32 {
	out = bpf.CoreEnumValue("enum pid_type", "PIDTYPE_TGID")
	return 0
}

func main() {}
