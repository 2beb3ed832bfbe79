//go:build tinygo

// The syscall tracepoint records of the SDK, attached and triggered by the
// runner on its own thread (targTid): bpf.SyscallEnter on sys_enter_lseek,
// which the runner calls with a descriptor that is not open, an offset and a
// whence of its choosing; bpf.SyscallExit on sys_exit_getpid, whose return
// value is the runner's pid. Each records what its record held. (The
// common fields of TracepointHeader are not read: the verifier refuses a
// tracepoint program any read of the record's first 8 bytes.)
package main

import (
	_ "unsafe" // //go:section needs it

	"github.com/tinybpf/tinybpf/bpf"
)

var targTid uint32

var (
	enterHits, enterNR uint32
	enterFd, enterOff  uint64
	enterWhence        uint64
	exitHits, exitNR   uint32
	exitRet            int64
)

func ours() bool { return uint32(bpf.GetCurrentPidTgid()) == targTid }

// lseek(unsigned int fd, off_t offset, unsigned int whence): a record of
// three arguments; reading Args[3] or beyond is refused at attach.
//
//go:section tracepoint/syscalls/sys_enter_lseek
//export on_enter_lseek
func on_enter_lseek(ctx *bpf.SyscallEnter) int32 {
	if ours() {
		enterHits++
		enterNR = uint32(ctx.NR)
		enterFd, enterOff, enterWhence = ctx.Args[0], ctx.Args[1], ctx.Args[2]
	}
	return 0
}

//go:section tracepoint/syscalls/sys_exit_getpid
//export on_exit_getpid
func on_exit_getpid(ctx *bpf.SyscallExit) int32 {
	if ours() {
		exitHits++
		exitNR = uint32(ctx.NR)
		exitRet = ctx.Ret
	}
	return 0
}

func main() {}
