// Package loader loads bpf/deny.go's object, marks the files to deny in its
// inode storage map and attaches its LSM program to the file_open hook.
package loader

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"golang.org/x/sys/unix"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// Names in bpf/deny.go.
const (
	ProgramName = "deny_open"
	DeniedMap   = "denied"
)

// Rules are the files to deny, each held open (O_PATH, which neither reads
// the file nor runs the file_open hook) for as long as the tracer runs: an
// inode's storage lives as long as the inode does, and an open file keeps
// its inode in memory.
type Rules struct {
	Paths []string // rule N is Paths[N-1]
	files []*os.File
}

// OpenRules opens each path; an error names the path that cannot be opened.
func OpenRules(paths []string) (*Rules, error) {
	r := &Rules{Paths: paths}
	for _, p := range paths {
		fd, err := unix.Open(p, unix.O_PATH|unix.O_CLOEXEC, 0)
		if err != nil {
			r.Close()
			// %v: the tracer would take an ENOENT for a missing object.
			return nil, fmt.Errorf("-deny %s: %v", p, err)
		}
		r.files = append(r.files, os.NewFile(uintptr(fd), p))
	}
	return r, nil
}

// Close closes the files; their inodes may then leave memory, and their
// storage with them.
func (r *Rules) Close() {
	for _, f := range r.files {
		f.Close()
	}
}

// Load loads the object at path and, before the program is attached (so that
// the rules hold from the "attached" line on), stores rule N for the inode
// of r's file N in the map denied, keyed by an fd of the file.
func Load(path string, r *Rules) (*trace.Tracer, error) {
	if err := CheckLSM(); err != nil {
		return nil, err
	}
	attach := func(p *ebpf.Program) (link.Link, error) {
		if err := store(p, r); err != nil {
			return nil, err
		}
		return link.AttachLSM(link.LSMOptions{Program: p})
	}
	return trace.Load(path, trace.Object{
		Programs: map[string]trace.Program{ProgramName: {Type: ebpf.LSM, Attach: attach}},
		Events:   ebpf.RingBuf,
		AttachTo: "lsm file_open",
	})
}

// LSMList is where the kernel lists its active security modules.
const LSMList = "/sys/kernel/security/lsm"

// CheckLSM returns an error saying how to boot unless the BPF LSM is active:
// without it the program would attach and deny nothing, and the kernel
// refuses inode storage (EBADF, which says nothing of the cause). When the
// list cannot be read (securityfs not mounted), it lets the load find out.
func CheckLSM() error {
	b, err := os.ReadFile(LSMList)
	if err != nil {
		return nil
	}
	list := strings.TrimSpace(string(b))
	if slices.Contains(strings.Split(list, ","), "bpf") {
		return nil
	}
	return fmt.Errorf("the BPF LSM is not active (%s: %s): boot with lsm=%s,bpf", LSMList, list, list)
}

// store fills the map denied, which it finds among the maps the loaded
// program uses.
func store(p *ebpf.Program, r *Rules) error {
	m, err := programMap(p, DeniedMap)
	if err != nil {
		return err
	}
	defer m.Close()
	for i, f := range r.files {
		if err := m.Update(int32(f.Fd()), uint32(i+1), ebpf.UpdateAny); err != nil {
			return fmt.Errorf("-deny %s: store it in the map %s: %w", r.Paths[i], DeniedMap, err)
		}
	}
	return nil
}

// programMap opens the map called name that the loaded program p uses.
func programMap(p *ebpf.Program, name string) (*ebpf.Map, error) {
	info, err := p.Info()
	if err != nil {
		return nil, fmt.Errorf("program info: %w", err)
	}
	ids, _ := info.MapIDs()
	for _, id := range ids {
		m, err := ebpf.NewMapFromID(id)
		if err != nil {
			return nil, fmt.Errorf("map %d: %w", id, err)
		}
		if mi, err := m.Info(); err == nil && mi.Name == name {
			return m, nil
		}
		m.Close()
	}
	return nil, errors.New("the program uses no map " + name)
}
