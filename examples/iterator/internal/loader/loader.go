// Package loader loads the task iterator's BPF object, attaches it as an
// iterator link and reads it.
package loader

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/rlimit"
)

// Names in the object (bpf/tasks.go).
const (
	ProgramName = "dump_task"
	PIDVar      = "targTgid"
)

// Iterator is the loaded program with its iterator link.
type Iterator struct {
	coll *ebpf.Collection
	link *link.Iter
}

// Load loads the object at path and attaches its program as a task iterator
// (link.AttachIter). With pid > 0 the program writes only that process's
// threads.
func Load(path string, pid int32) (*Iterator, error) {
	if err := rlimit.RemoveMemlock(); err != nil { // kernels before 5.11 charge BPF memory to it
		return nil, err
	}
	spec, err := ebpf.LoadCollectionSpec(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w (build it with scripts/build.sh, or pass -obj)", err)
	}
	if err != nil {
		return nil, fmt.Errorf("load object: %w", err)
	}
	if p := spec.Programs[ProgramName]; p == nil || p.Type != ebpf.Tracing || p.AttachType != ebpf.AttachTraceIter || p.AttachTo != "task" {
		return nil, fmt.Errorf("%s: no iter/task program %q", path, ProgramName)
	}
	v := spec.Variables[PIDVar]
	if v == nil || !v.Constant() {
		return nil, fmt.Errorf("%s: no .rodata variable %q", path, PIDVar)
	}
	if err := v.Set(pid); err != nil {
		return nil, fmt.Errorf("%s: set %s: %w", path, PIDVar, err)
	}
	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		if ve := (*ebpf.VerifierError)(nil); errors.As(err, &ve) {
			return nil, fmt.Errorf("load %s into the kernel: %+v", path, ve)
		}
		return nil, fmt.Errorf("load %s into the kernel: %w", path, err)
	}
	l, err := link.AttachIter(link.IterOptions{Program: coll.Programs[ProgramName]})
	if err != nil {
		coll.Close()
		return nil, fmt.Errorf("attach %s as a task iterator: %w", ProgramName, err)
	}
	return &Iterator{coll: coll, link: l}, nil
}

// Read runs the iterator once: every task the kernel has now, as the program
// wrote them. Each call is a new walk over the tasks.
func (it *Iterator) Read() ([]byte, error) {
	rd, err := it.link.Open()
	if err != nil {
		return nil, fmt.Errorf("open the iterator: %w", err)
	}
	defer rd.Close()
	b, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("read the iterator: %w", err)
	}
	return b, nil
}

// Close detaches the iterator and frees the program.
func (it *Iterator) Close() error {
	err := it.link.Close()
	it.coll.Close()
	return err
}
