// Package loader loads the per-CPU counter's BPF object, attaches its program
// to a system call tracepoint and reads the counter of every CPU.
package loader

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/rlimit"
)

// Names in the object (bpf/counter.go).
const (
	ProgramName = "count_syscall"
	MapName     = "counts"
	PIDVar      = "targTgid"
)

// Counter is the loaded object with its program attached.
type Counter struct {
	coll     *ebpf.Collection
	link     link.Link
	attachTo string
}

// Tracepoint is where the program attaches: raw_syscalls/sys_enter for
// every system call when syscall is "", else syscalls/sys_enter_<syscall>.
func Tracepoint(syscall string) (group, name string) {
	if syscall == "" {
		return "raw_syscalls", "sys_enter"
	}
	return "syscalls", "sys_enter_" + syscall
}

// Load loads the object at path and attaches its program to the tracepoint
// of syscall (see Tracepoint). With pid > 0 only that process's calls count.
func Load(path string, pid uint32, syscall string) (*Counter, error) {
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
	if p := spec.Programs[ProgramName]; p == nil || p.Type != ebpf.TracePoint {
		return nil, fmt.Errorf("%s: no tracepoint program %q", path, ProgramName)
	}
	if m := spec.Maps[MapName]; m == nil || m.Type != ebpf.PerCPUArray || m.ValueSize != 8 {
		return nil, fmt.Errorf("%s: no per-CPU array %q of uint64", path, MapName)
	}
	v := spec.Variables[PIDVar]
	if v == nil || !v.Constant() {
		return nil, fmt.Errorf("%s: no .rodata variable %q", path, PIDVar)
	}
	if err := v.Set(pid); err != nil {
		return nil, fmt.Errorf("%s: set %s: %w", path, PIDVar, err)
	}
	group, name := Tracepoint(syscall)
	c := &Counter{attachTo: "tracepoint " + group + "/" + name}
	c.coll, err = ebpf.NewCollection(spec)
	if err != nil {
		if ve := (*ebpf.VerifierError)(nil); errors.As(err, &ve) {
			return nil, fmt.Errorf("load %s into the kernel: %+v", path, ve)
		}
		return nil, fmt.Errorf("load %s into the kernel: %w", path, err)
	}
	c.link, err = link.Tracepoint(group, name, c.coll.Programs[ProgramName], nil)
	if err != nil {
		c.coll.Close()
		if errors.Is(err, fs.ErrNotExist) && syscall != "" {
			return nil, fmt.Errorf("no %s on this kernel: is %q a system call here?", c.attachTo, syscall)
		}
		return nil, fmt.Errorf("attach %s to %s: %w", ProgramName, c.attachTo, err)
	}
	return c, nil
}

// AttachTo says where the program is attached: "tracepoint raw_syscalls/sys_enter".
func (c *Counter) AttachTo() string { return c.attachTo }

// Counts reads the counter of every possible CPU, indexed by CPU number.
// A per-CPU map's value is one uint64 per possible CPU, so it is read
// into a slice (into a single uint64 it would not unmarshal).
func (c *Counter) Counts() ([]uint64, error) {
	var perCPU []uint64
	if err := c.coll.Maps[MapName].Lookup(uint32(0), &perCPU); err != nil {
		return nil, fmt.Errorf("read %s: %w", MapName, err)
	}
	return perCPU, nil
}

// Detach detaches the program: the counters stop changing. A second call
// does nothing.
func (c *Counter) Detach() error {
	if c.link == nil {
		return nil
	}
	err := c.link.Close()
	c.link = nil
	return err
}

// Close detaches the program, then frees it and the map.
func (c *Counter) Close() error {
	err := c.Detach()
	c.coll.Close()
	return err
}
