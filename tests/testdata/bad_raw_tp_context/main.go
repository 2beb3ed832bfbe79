//go:build tinygo

// BPF_PROG_TEST_RUN may run a raw tracepoint program without a context, so
// reading it unchecked is a possible nil dereference, reported at its line.
package main

import "unsafe"

type rawTracepointArgs struct {
	Args [2]uint64
}

//go:section raw_tp/sched_process_exec
//export on_exec
func on_exec(ctx unsafe.Pointer) int32 {
	args := (*rawTracepointArgs)(ctx)
	return int32(args.Args[0])
}

func main() {}
