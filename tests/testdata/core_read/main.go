// CO-RE reads through the SDK (docs/core.md): bpf.CoreRead and friends over
// kernel types that start with a bpf.Kernel field, written here by hand in
// the shape `tinybpf types` gives them (flattened anonymous members,
// bitfields as zero-size bpf.Bitfield fields over `_` padding). Field
// offsets are not the kernel's: only the names count.
//
// Three programs run the same report on the current task: a raw tracepoint
// and a syscall program the test runs with BPF_PROG_TEST_RUN, and a
// tracepoint a child of the test triggers. Two more see the child the test
// forks through BTF pointers (tp_btf/sched_process_fork, fentry/
// wake_up_new_task), and a task iterator the test itself, where fields may
// also be read directly. The C side
// (tests/testdata/core_read/result.h) mirrors readResult and btfResult.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

type TaskStruct struct {
	_                bpf.Kernel
	Flags            uint32
	SchedResetOnFork bpf.Bitfield // unsigned sched_reset_on_fork:1
	_                [4]byte
	Pid              int32
	Tgid             int32
	RealParent       *TaskStruct
	GroupLeader      *TaskStruct
	Mm               *MmStruct
	PiBlockedOn      *RtMutexWaiter // NULL unless the task sleeps on an rt_mutex
	Comm             [16]byte
	// int exit_signal: not a bitfield in the kernel, declared as one to run
	// CoreReadBitfield's signed path on a value the test knows: SIGCHLD in
	// a process, -1 in a thread. The loader's relocations (offset, size 4,
	// shifts of 32, signed) come from the kernel's field either way.
	ExitSignal bpf.Bitfield
	_          [4]byte
	Tasks      ListHead // a struct field: CoreFieldSize is its own size, not its first member's
}

type ListHead struct {
	_    bpf.Kernel
	Next *ListHead
	Prev *ListHead
}

// struct mm_struct keeps exe_file in an anonymous struct: flattened here.
type MmStruct struct {
	_       bpf.Kernel
	ExeFile *File
}

type File struct {
	_     bpf.Kernel
	FPath Path
}

type Path struct {
	_      bpf.Kernel
	Mnt    uintptr
	Dentry *Dentry
}

type Dentry struct {
	_     bpf.Kernel
	DName Qstr
}

// struct qstr: hash and len sit in an anonymous struct in an anonymous union.
type Qstr struct {
	_    bpf.Kernel
	Hash uint32
	Len  uint32
	Name *byte
}

type RtMutexWaiter struct {
	_    bpf.Kernel
	Task *TaskStruct
}

type readResult struct {
	NilRootRet   int64 // CoreReadInto through a NULL task: the helper's error
	IntoRet      int64 // CoreReadInto of comm: 0
	StrLen       int64 // CoreReadStr of comm into 8 bytes
	ExeStrLen    int64 // CoreReadStr through d_name.name, a pointer
	ResetOnFork  uint64
	ResetSigned  int64
	ExitSignal   int64  // CoreReadBitfieldSigned
	ExitBits     uint64 // CoreReadBitfield: the same bits
	PidTypeTgid  int64
	PidTypeMax   int64
	CpuhpOnline  int64 // CPUHP_AP_ONLINE_DYN: differs between kernels
	NullPointer  uint64
	Runs         uint32
	Pid          int32
	Tgid         int32
	ParentTgid   int32
	GrandTgid    int32
	LeaderPid    int32
	ExeLen       uint32
	NullChain    int32
	NilRootTgid  int32
	NilRootVal   int32 // what CoreReadInto left in a variable that held -1
	PidSigned    uint32
	FlagsSigned  uint32
	BitSigned    uint32
	PidOffset    uint32
	PidSize      uint32
	CommSize     uint32
	TaskSize     uint32
	TaskExists   uint32
	NetfilterHas uint32 // BPF_PROG_TYPE_NETFILTER, since 6.4
	NoSuchName   uint32
	NoSuchEnum   uint32
	TasksSize    uint32
	Comm         [16]byte
	Short        [8]byte
	Exe          [32]byte
}

// What the tp_btf and fentry programs see of the child the test forks:
// directly (task.Pid, a load the verifier checks against the kernel's BTF)
// and through bpf.CoreRead (probe reads), which must agree.
type btfResult struct {
	Runs           uint32
	Pid            int32 // child.Pid
	Tgid           int32 // child.Tgid
	ParentTgid     int32 // child.RealParent.Tgid, nil-checked by hand
	CorePid        int32 // bpf.CoreRead(&child.Pid)
	CoreParentTgid int32 // bpf.CoreRead(&child.RealParent.Tgid)
	ForkParentTgid int32 // tp_btf only: its first argument, parent.Tgid
	Comm           [16]byte
	CoreComm       [16]byte
	_              uint32
}

// config[0]: which pid the tracepoint reports on, whose children the
// tp_btf and fentry programs report, and a "task" the test sets to NULL.
type config struct {
	Pid        uint32
	ForkParent uint32 // the tp_btf and fentry programs report its children
	RawKey     uint32 // where the raw tracepoint reports: 0, or 3 when run by a thread
	_          uint32
	NilTask    uint64
}

var settings = bpfMapDef{Type: 2, KeySize: 4, ValueSize: uint32(unsafe.Sizeof(config{})), MaxEntries: 1}
var results = bpfMapDef{Type: 2, KeySize: 4, ValueSize: uint32(unsafe.Sizeof(readResult{})), MaxEntries: 4}
var btfResults = bpfMapDef{Type: 2, KeySize: 4, ValueSize: uint32(unsafe.Sizeof(btfResult{})), MaxEntries: 3}

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

func bpfGetCurrentTask() uint64
func bpfGetCurrentPidTgid() uint64
func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

func report(task, nilTask *TaskStruct, out *readResult) {
	if out == nil {
		return
	}
	out.Runs++
	out.Pid = bpf.CoreRead(&task.Pid)
	out.Tgid = bpf.CoreRead(&task.Tgid)
	out.ParentTgid = bpf.CoreRead(&task.RealParent.Tgid)
	out.GrandTgid = bpf.CoreRead(&task.RealParent.RealParent.Tgid)
	out.LeaderPid = bpf.CoreRead(&task.GroupLeader.Pid)
	out.ExeLen = bpf.CoreRead(&task.Mm.ExeFile.FPath.Dentry.DName.Len)
	out.ExeStrLen = bpf.CoreReadStr(out.Exe[:], &task.Mm.ExeFile.FPath.Dentry.DName.Name)
	out.IntoRet = bpf.CoreReadInto(&out.Comm, &task.Comm)
	out.StrLen = bpf.CoreReadStr(out.Short[:], &task.Comm)

	// NULL in the middle of a chain, and at its root: zero, no fault.
	out.NullPointer = uint64(uintptr(unsafe.Pointer(bpf.CoreRead(&task.PiBlockedOn))))
	out.NullChain = bpf.CoreRead(&task.PiBlockedOn.Task.Pid)
	out.NilRootTgid = bpf.CoreRead(&nilTask.RealParent.Tgid)
	var tgid int32 = -1
	out.NilRootRet = bpf.CoreReadInto(&tgid, &nilTask.Tgid)
	out.NilRootVal = tgid

	out.ResetOnFork = bpf.CoreReadBitfield(&task.SchedResetOnFork)
	out.ResetSigned = bpf.CoreReadBitfieldSigned(&task.SchedResetOnFork)
	out.ExitSignal = bpf.CoreReadBitfieldSigned(&task.ExitSignal)
	out.ExitBits = bpf.CoreReadBitfield(&task.ExitSignal)
	if bpf.CoreFieldSigned(&task.Pid) {
		out.PidSigned = 1
	}
	if bpf.CoreFieldSigned(&task.Flags) {
		out.FlagsSigned = 1
	}
	if bpf.CoreFieldSigned(&task.SchedResetOnFork) {
		out.BitSigned = 1
	}
	out.PidOffset = bpf.CoreFieldOffset(&task.Pid)
	out.PidSize = bpf.CoreFieldSize(&task.Pid)
	out.CommSize = bpf.CoreFieldSize(&task.Comm)
	out.TasksSize = bpf.CoreFieldSize(&task.Tasks)
	out.TaskSize = bpf.CoreTypeSize[TaskStruct]()
	if bpf.CoreTypeExists[TaskStruct]() {
		out.TaskExists = 1
	}

	out.PidTypeTgid = bpf.CoreEnumValue("pid_type", "PIDTYPE_TGID")
	out.PidTypeMax = bpf.CoreEnumValue("pid_type", "PIDTYPE_MAX")
	out.CpuhpOnline = bpf.CoreEnumValue("cpuhp_state", "CPUHP_AP_ONLINE_DYN")
	if bpf.CoreEnumValueExists("bpf_prog_type", "BPF_PROG_TYPE_NETFILTER") {
		out.NetfilterHas = 1
	}
	if bpf.CoreEnumValueExists("pid_type", "PIDTYPE_TINYBPF_NONE") {
		out.NoSuchName = 1
	}
	if bpf.CoreEnumValueExists("tinybpf_no_such_enum", "TINYBPF_NONE") {
		out.NoSuchEnum = 1
	}
}

func run(key uint32) {
	k := uint32(0)
	c := (*config)(bpfMapLookupElem(unsafe.Pointer(&settings), unsafe.Pointer(&k)))
	if c == nil {
		return
	}
	if key == 0 {
		key = c.RawKey
	}
	out := (*readResult)(bpfMapLookupElem(unsafe.Pointer(&results), unsafe.Pointer(&key)))
	if out == nil {
		return
	}
	if key == 1 && c.Pid != uint32(bpfGetCurrentPidTgid()>>32) {
		return
	}
	task := (*TaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	nilTask := (*TaskStruct)(unsafe.Pointer(uintptr(c.NilTask)))
	report(task, nilTask, out)
}

//go:section raw_tp/sys_enter
//export core_read_raw_tp
func core_read_raw_tp(ctx unsafe.Pointer) int32 {
	run(0)
	return 0
}

//go:section tracepoint/syscalls/sys_enter_getppid
//export core_read_tracepoint
func core_read_tracepoint(ctx unsafe.Pointer) int32 {
	run(1)
	return 0
}

//go:section syscall
//export core_read_syscall
func core_read_syscall(ctx unsafe.Pointer) int32 {
	run(2)
	return 0
}

// onFork records a child of the test's process; parent is nil for fentry.
func onFork(key uint32, parent, child *TaskStruct) {
	k := uint32(0)
	c := (*config)(bpfMapLookupElem(unsafe.Pointer(&settings), unsafe.Pointer(&k)))
	out := (*btfResult)(bpfMapLookupElem(unsafe.Pointer(&btfResults), unsafe.Pointer(&key)))
	if c == nil || out == nil || child == nil {
		return
	}
	// Direct loads through a BTF pointer: the pointer a field holds may be
	// NULL, and Go checks it, so the program does too.
	p := child.RealParent
	if p == nil || uint32(p.Tgid) != c.ForkParent {
		return
	}
	out.Runs++
	out.Pid = child.Pid
	out.Tgid = child.Tgid
	out.ParentTgid = p.Tgid
	out.Comm = child.Comm
	if parent != nil {
		out.ForkParentTgid = parent.Tgid
	}
	out.CorePid = bpf.CoreRead(&child.Pid)
	out.CoreParentTgid = bpf.CoreRead(&child.RealParent.Tgid)
	bpf.CoreReadInto(&out.CoreComm, &child.Comm)
}

// sched_process_fork(struct task_struct *parent, struct task_struct *child)
//
//go:section tp_btf/sched_process_fork
//export core_read_tp_btf
func core_read_tp_btf(ctx unsafe.Pointer) int32 {
	args := (*bpf.Args)(ctx)
	onFork(0, (*TaskStruct)(unsafe.Pointer(uintptr(args[0]))), (*TaskStruct)(unsafe.Pointer(uintptr(args[1]))))
	return 0
}

// wake_up_new_task(struct task_struct *p), on the child of every fork
//
//go:section fentry/wake_up_new_task
//export core_read_fentry
func core_read_fentry(ctx unsafe.Pointer) int32 {
	args := (*bpf.Args)(ctx)
	onFork(1, nil, (*TaskStruct)(unsafe.Pointer(uintptr(args[0]))))
	return 0
}

// struct bpf_iter__task: an iterator's context, a kernel type too; its name
// is written as the kernel's, which CamelCase cannot say.
type bpf_iter__task struct {
	_    bpf.Kernel
	Meta uintptr
	Task *TaskStruct // NULL once the iteration is over
}

// Every task of the system, once; the test's own main thread is reported.
//
//go:section iter/task
//export core_read_iter
func core_read_iter(ctx unsafe.Pointer) int32 {
	it := (*bpf_iter__task)(ctx)
	task := it.Task
	k, key := uint32(0), uint32(2)
	c := (*config)(bpfMapLookupElem(unsafe.Pointer(&settings), unsafe.Pointer(&k)))
	out := (*btfResult)(bpfMapLookupElem(unsafe.Pointer(&btfResults), unsafe.Pointer(&key)))
	if task == nil || c == nil || out == nil || uint32(task.Pid) != c.ForkParent {
		return 0
	}
	out.Runs++
	out.Pid = task.Pid
	out.Tgid = task.Tgid
	if p := task.RealParent; p != nil {
		out.ParentTgid = p.Tgid
	}
	out.Comm = task.Comm
	out.CorePid = bpf.CoreRead(&task.Pid)
	out.CoreParentTgid = bpf.CoreRead(&task.RealParent.Tgid)
	bpf.CoreReadInto(&out.CoreComm, &task.Comm)
	return 0
}

func main() {}
