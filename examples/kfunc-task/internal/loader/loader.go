// Package loader loads bpf/task.go's object and runs its syscall program,
// task_lookup, with BPF_PROG_TEST_RUN: one run per task id.
package loader

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/btf"
	"github.com/cilium/ebpf/rlimit"
	"golang.org/x/sys/unix"

	"github.com/tinybpf/tinybpf/examples/kfunc-task/internal/event"
)

// ProgramName is the program the object must contain (bpf/task.go).
const ProgramName = "task_lookup"

// Kfuncs are the kernel functions the program calls; Linux 6.2 added both.
var Kfuncs = []string{"bpf_task_from_pid", "bpf_task_release"}

// ErrNoSuchTask is what Lookup returns for an id no task has (the program's -ESRCH).
var ErrNoSuchTask = errors.New("no task has this id")

// NoKfuncError is Open's error when the running kernel lacks a kfunc.
type NoKfuncError struct {
	Kernel string // uname -r
	Kfunc  string
}

func (e *NoKfuncError) Error() string {
	return fmt.Sprintf("this kernel (%s) has no kfunc %s: bpf_task_from_pid and bpf_task_release came in Linux 6.2",
		e.Kernel, e.Kfunc)
}

// Looker is the loaded program.
type Looker struct {
	coll *ebpf.Collection
	prog *ebpf.Program
}

// CheckKernel returns a *NoKfuncError, naming the kernel and the version
// that added them, unless the running kernel's BTF has both kfuncs.
// The loaders' own error for an object calling a missing kfunc names neither.
func CheckKernel() error {
	spec, err := btf.LoadKernelSpec()
	if err != nil {
		return fmt.Errorf("read the kernel's BTF (kfuncs are found in it): %w", err)
	}
	for _, name := range Kfuncs {
		var fn *btf.Func
		if err := spec.TypeByName(name, &fn); errors.Is(err, btf.ErrNotFound) {
			return &NoKfuncError{Kernel: release(), Kfunc: name}
		} else if err != nil {
			return fmt.Errorf("look %s up in the kernel's BTF: %w", name, err)
		}
	}
	return nil
}

// Open checks the kernel (CheckKernel), then loads the object at path.
func Open(path string) (*Looker, error) {
	if err := CheckKernel(); err != nil {
		return nil, err
	}
	if err := rlimit.RemoveMemlock(); err != nil {
		return nil, err
	}
	spec, err := ebpf.LoadCollectionSpec(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("load object: %w (build it with scripts/build.sh, or pass -obj)", err)
	}
	if err != nil {
		return nil, fmt.Errorf("load object: %w", err)
	}
	if p := spec.Programs[ProgramName]; p == nil || p.Type != ebpf.Syscall {
		return nil, fmt.Errorf("%s: no %v program %q", path, ebpf.Syscall, ProgramName)
	}
	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		var ve *ebpf.VerifierError
		if errors.As(err, &ve) {
			// 6.2 to 6.x kernels have the kfuncs but not for syscall programs.
			if strings.Contains(fmt.Sprintf("%+v", ve), "calling kernel function") {
				return nil, fmt.Errorf("this kernel (%s) has the kfuncs but does not let syscall programs call them: %v", release(), ve)
			}
			return nil, fmt.Errorf("load %s into the kernel: %+v", path, ve)
		}
		return nil, fmt.Errorf("load %s into the kernel: %w", path, err)
	}
	return &Looker{coll: coll, prog: coll.Programs[ProgramName]}, nil
}

// Lookup runs the program for the task id pid (a thread id; the main
// thread's is its process id) and returns what it read.
func (l *Looker) Lookup(pid int32) (event.Task, error) {
	q := event.Query{Pid: pid}
	var out event.Query
	ret, err := l.prog.Run(&ebpf.RunOptions{Context: q, ContextOut: &out})
	if err != nil {
		return event.Task{}, fmt.Errorf("run %s: %w", ProgramName, err)
	}
	switch int32(ret) {
	case 0:
		return event.FromQuery(out), nil
	case -int32(unix.ESRCH):
		return event.Task{}, fmt.Errorf("%d: %w", pid, ErrNoSuchTask)
	default:
		return event.Task{}, fmt.Errorf("%s returned %d", ProgramName, int32(ret))
	}
}

// Close frees the program.
func (l *Looker) Close() { l.coll.Close() }

// release is uname -r.
func release() string {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "?"
	}
	return unix.ByteSliceToString(u.Release[:])
}
