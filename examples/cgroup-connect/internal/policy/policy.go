// Package policy loads the cgroup connect programs of bpf/connect.go, fills
// their map of refused ports, attaches them to a cgroup v2 and reads their
// counts.
package policy

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/rlimit"
	"golang.org/x/sys/unix"
)

// The names bpf/connect.go gives its programs and map.
const (
	Connect4 = "connect4"
	Connect6 = "connect6"
	PortsMap = "ports"
)

// Policy is the loaded programs and map; Close detaches and releases them.
type Policy struct {
	coll  *ebpf.Collection
	ports []uint16
	links []link.Link
}

// Load loads the object at path into the kernel, without attaching it.
func Load(path string) (*Policy, error) {
	if err := rlimit.RemoveMemlock(); err != nil {
		return nil, err
	}
	spec, err := ebpf.LoadCollectionSpec(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w (build it with scripts/build.sh, or pass -obj)", err)
	}
	if err != nil {
		return nil, fmt.Errorf("load object: %w", err)
	}
	for name, at := range map[string]ebpf.AttachType{Connect4: ebpf.AttachCGroupInet4Connect, Connect6: ebpf.AttachCGroupInet6Connect} {
		if p := spec.Programs[name]; p == nil || p.Type != ebpf.CGroupSockAddr || p.AttachType != at {
			return nil, fmt.Errorf("%s: no CGroupSockAddr program %q for %v", path, name, at)
		}
	}
	if m := spec.Maps[PortsMap]; m == nil || m.Type != ebpf.Hash || m.KeySize != 2 || m.ValueSize != 8 {
		return nil, fmt.Errorf("%s: no hash map %q from 2-byte ports to 8-byte counts", path, PortsMap)
	}
	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		if ve := (*ebpf.VerifierError)(nil); errors.As(err, &ve) {
			return nil, fmt.Errorf("load %s into the kernel: %+v", path, ve)
		}
		return nil, fmt.Errorf("load %s into the kernel: %w", path, err)
	}
	return &Policy{coll: coll}, nil
}

// key is port's map key: the port in network byte order, as sin_port holds
// it (the map's key type is bpf.Be16), stored in this machine's byte order.
func key(port uint16) uint16 {
	var b [2]byte
	binary.BigEndian.PutUint16(b[:], port)
	return binary.NativeEndian.Uint16(b[:])
}

// Refuse makes connects to port fail with EPERM in the cgroup.
func (p *Policy) Refuse(port uint16) error {
	if err := p.coll.Maps[PortsMap].Update(key(port), uint64(0), ebpf.UpdateAny); err != nil {
		return fmt.Errorf("refuse port %d: %w", port, err)
	}
	if !slices.Contains(p.ports, port) {
		p.ports = append(p.ports, port)
	}
	return nil
}

// Attach attaches both programs to the cgroup v2 directory at path (links:
// Linux 5.7; the cgroup's descendants are covered too).
func (p *Policy) Attach(path string) error {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return fmt.Errorf("cgroup %s: %w", path, err)
	}
	if st.Type != unix.CGROUP2_SUPER_MAGIC {
		return fmt.Errorf("cgroup %s: not a cgroup v2 directory", path)
	}
	for name, at := range map[string]ebpf.AttachType{Connect4: ebpf.AttachCGroupInet4Connect, Connect6: ebpf.AttachCGroupInet6Connect} {
		l, err := link.AttachCgroup(link.CgroupOptions{Path: path, Attach: at, Program: p.coll.Programs[name]})
		if err != nil {
			p.Detach()
			return fmt.Errorf("attach %s to %s: %w", name, path, err)
		}
		p.links = append(p.links, l)
	}
	return nil
}

// PortCount is the connects refused to one port.
type PortCount struct {
	Port    uint16 `json:"port"`
	Refused uint64 `json:"refused"`
}

// Counts reads the refusals of each port, in the order Refuse added them.
func (p *Policy) Counts() ([]PortCount, error) {
	counts := []PortCount{}
	for _, port := range p.ports {
		var n uint64
		if err := p.coll.Maps[PortsMap].Lookup(key(port), &n); err != nil {
			return nil, fmt.Errorf("read the refusals of port %d: %w", port, err)
		}
		counts = append(counts, PortCount{port, n})
	}
	return counts, nil
}

// Detach removes the programs from the cgroup.
func (p *Policy) Detach() error {
	var errs []error
	for _, l := range p.links {
		errs = append(errs, l.Close())
	}
	p.links = nil
	return errors.Join(errs...)
}

// Close detaches the programs and releases them and the map.
func (p *Policy) Close() error {
	err := p.Detach()
	p.coll.Close()
	return err
}
