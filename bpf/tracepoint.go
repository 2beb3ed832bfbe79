package bpf

// TracepointHeader is the common part every tracepoint record starts with
// (the common_* fields of /sys/kernel/tracing/events/*/*/format). A program
// cannot read these eight bytes: the kernel refuses tracepoint context reads
// below offset 8 (take the pid from GetCurrentPidTgid). They are declared
// so that the record's own fields sit at their offsets.
type TracepointHeader struct {
	Type         uint16
	Flags        uint8
	PreemptCount uint8
	PID          int32
}

// SyscallEnter is the record of the syscalls/sys_enter_* tracepoints: the
// system call number and its arguments as user space passed them (pointers
// in Args point to user memory: read them with ProbeReadUser*).
type SyscallEnter struct {
	TracepointHeader
	NR   int32
	_    int32
	Args [6]uint64
}

// SyscallExit is the record of the syscalls/sys_exit_* tracepoints.
type SyscallExit struct {
	TracepointHeader
	NR  int32
	_   int32
	Ret int64
}
