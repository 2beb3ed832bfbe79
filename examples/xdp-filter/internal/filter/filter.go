// Package filter loads the XDP program of bpf/filter.go, fills its maps of
// blocked source addresses, attaches it to a network interface and reads its
// counters.
package filter

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/netip"
	"slices"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/rlimit"
)

// The names bpf/filter.go gives its program, maps and counter.
const (
	ProgramName = "xdp_filter"
	Blocked4Map = "blocked4"
	Blocked6Map = "blocked6"
	PassedVar   = "passed"
)

// Filter is the loaded program and its maps; Close releases them (and
// detaches the program from the interface).
type Filter struct {
	coll    *ebpf.Collection
	link    link.Link
	blocked []netip.Addr
}

// Load loads the object at path into the kernel, without attaching it.
func Load(path string) (*Filter, error) {
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
	if p := spec.Programs[ProgramName]; p == nil || p.Type != ebpf.XDP {
		return nil, fmt.Errorf("%s: no XDP program %q", path, ProgramName)
	}
	for name, keySize := range map[string]uint32{Blocked4Map: 4, Blocked6Map: 16} {
		if m := spec.Maps[name]; m == nil || m.Type != ebpf.Hash || m.KeySize != keySize || m.ValueSize != 8 {
			return nil, fmt.Errorf("%s: no hash map %q from %d-byte addresses to 8-byte counts", path, name, keySize)
		}
	}
	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		if ve := (*ebpf.VerifierError)(nil); errors.As(err, &ve) {
			return nil, fmt.Errorf("load %s into the kernel: %+v", path, ve)
		}
		return nil, fmt.Errorf("load %s into the kernel: %w", path, err)
	}
	return &Filter{coll: coll}, nil
}

// Program is the XDP program (for BPF_PROG_TEST_RUN).
func (f *Filter) Program() *ebpf.Program { return f.coll.Programs[ProgramName] }

// Block adds addr to the blocked source addresses, with a drop count of 0.
// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) counts as the IPv4 address.
func (f *Filter) Block(addr netip.Addr) error {
	addr = addr.Unmap()
	m, key := f.entry(addr)
	if err := m.Update(key, uint64(0), ebpf.UpdateAny); err != nil {
		return fmt.Errorf("block %s: %w", addr, err)
	}
	if !slices.Contains(f.blocked, addr) {
		f.blocked = append(f.blocked, addr)
	}
	return nil
}

// entry is addr's map and its key: the address bytes in network order, as
// the packet's header holds them.
func (f *Filter) entry(addr netip.Addr) (*ebpf.Map, any) {
	if addr.Is4() {
		return f.coll.Maps[Blocked4Map], addr.As4()
	}
	return f.coll.Maps[Blocked6Map], addr.As16()
}

// Attach attaches the program to the interface named iface (an XDP link:
// Linux 5.9). The driver's native XDP is used where it has one, generic XDP
// otherwise.
func (f *Filter) Attach(iface string) error {
	ifi, err := net.InterfaceByName(iface)
	if err != nil {
		return fmt.Errorf("interface %s: %w", iface, err)
	}
	l, err := link.AttachXDP(link.XDPOptions{Program: f.Program(), Interface: ifi.Index})
	if err != nil {
		return fmt.Errorf("attach XDP to %s: %w", iface, err)
	}
	f.link = l
	return nil
}

// Count is the number of packets dropped from one blocked address.
type Count struct {
	Addr    netip.Addr `json:"addr"`
	Dropped uint64     `json:"dropped"`
}

// Counts are the program's counters: the drops of each blocked address, in
// the order Block added them, and the packets it passed.
type Counts struct {
	Blocked []Count `json:"blocked"`
	Passed  uint64  `json:"passed"`
}

// Counts reads the counters.
func (f *Filter) Counts() (Counts, error) {
	c := Counts{Blocked: []Count{}}
	for _, addr := range f.blocked {
		m, key := f.entry(addr)
		var n uint64
		if err := m.Lookup(key, &n); err != nil {
			return Counts{}, fmt.Errorf("read the drops of %s: %w", addr, err)
		}
		c.Blocked = append(c.Blocked, Count{addr, n})
	}
	if err := f.coll.Variables[PassedVar].Get(&c.Passed); err != nil {
		return Counts{}, fmt.Errorf("read %s: %w", PassedVar, err)
	}
	return c, nil
}

// Detach detaches the program from its interface, if attached.
func (f *Filter) Detach() error {
	if f.link == nil {
		return nil
	}
	err := f.link.Close()
	f.link = nil
	return err
}

// Close detaches the program and releases it and its maps.
func (f *Filter) Close() error {
	err := f.Detach()
	f.coll.Close()
	return err
}
