// Package filter loads the tc programs of bpf/filter.go, fills their map of
// blocked ports, attaches them to a network interface (tcx links, or clsact
// filters on kernels before 6.6) and reads their counters.
package filter

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"slices"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/rlimit"
	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// The names bpf/filter.go gives its programs and map.
const (
	IngressProgram = "tc_ingress"
	EgressProgram  = "tc_egress"
	PortsMap       = "ports"
)

// Direction is where on the interface a program runs.
type Direction int

const (
	Ingress Direction = iota // packets the interface receives
	Egress                   // packets it sends
)

func (d Direction) String() string { return [...]string{"ingress", "egress"}[d] }

// Mode is how the programs are attached.
type Mode string

const (
	Auto   Mode = "auto"   // tcx where the kernel has it, else clsact
	TCX    Mode = "tcx"    // tcx links (Linux 6.6)
	Clsact Mode = "clsact" // direct-action bpf filters on a clsact qdisc
)

// Filter is the loaded programs and map; Close detaches and releases them.
type Filter struct {
	coll     *ebpf.Collection
	ports    []uint16
	links    []link.Link
	filters  []*netlink.BpfFilter
	qdisc    netlink.Qdisc // the clsact qdisc Attach added, deleted on Close
	attached []string
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
	for _, name := range []string{IngressProgram, EgressProgram} {
		if p := spec.Programs[name]; p == nil || p.Type != ebpf.SchedCLS {
			return nil, fmt.Errorf("%s: no SchedCLS program %q", path, name)
		}
	}
	if m := spec.Maps[PortsMap]; m == nil || m.Type != ebpf.Hash || m.KeySize != 2 || m.ValueSize != 16 {
		return nil, fmt.Errorf("%s: no hash map %q from 2-byte ports to two 8-byte counts", path, PortsMap)
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

// Program is the program of a direction (for BPF_PROG_TEST_RUN).
func (f *Filter) Program(d Direction) *ebpf.Program {
	return f.coll.Programs[[...]string{IngressProgram, EgressProgram}[d]]
}

// key is port's map key: the port in network byte order, as in the header
// (the map's key type is bpf.Be16), stored in this machine's byte order.
func key(port uint16) uint16 {
	var b [2]byte
	binary.BigEndian.PutUint16(b[:], port)
	return binary.NativeEndian.Uint16(b[:])
}

// Block makes the programs drop TCP and UDP packets to port.
func (f *Filter) Block(port uint16) error {
	if err := f.coll.Maps[PortsMap].Update(key(port), [2]uint64{}, ebpf.UpdateAny); err != nil {
		return fmt.Errorf("block port %d: %w", port, err)
	}
	if !slices.Contains(f.ports, port) {
		f.ports = append(f.ports, port)
	}
	return nil
}

// Attach attaches the program of each direction to the interface named
// iface. It returns how: "tcx" or "clsact".
func (f *Filter) Attach(iface string, dirs []Direction, mode Mode) (string, error) {
	ifi, err := net.InterfaceByName(iface)
	if err != nil {
		return "", fmt.Errorf("interface %s: %w", iface, err)
	}
	if mode != Clsact {
		err := f.attachTCX(ifi.Index, dirs)
		if err == nil {
			return "tcx", nil
		}
		if mode == TCX || !errors.Is(err, ebpf.ErrNotSupported) {
			return "", fmt.Errorf("attach to %s with tcx: %w", iface, err)
		}
	}
	if err := f.attachClsact(ifi.Index, dirs); err != nil {
		return "", fmt.Errorf("attach to %s with clsact: %w", iface, err)
	}
	return "clsact", nil
}

func (f *Filter) attachTCX(ifindex int, dirs []Direction) error {
	for _, d := range dirs {
		at := map[Direction]ebpf.AttachType{Ingress: ebpf.AttachTCXIngress, Egress: ebpf.AttachTCXEgress}[d]
		l, err := link.AttachTCX(link.TCXOptions{Interface: ifindex, Program: f.Program(d), Attach: at})
		if err != nil {
			f.Detach()
			return err
		}
		f.links = append(f.links, l)
	}
	return nil
}

func (f *Filter) attachClsact(ifindex int, dirs []Direction) error {
	qdisc := &netlink.GenericQdisc{
		QdiscAttrs: netlink.QdiscAttrs{LinkIndex: ifindex, Handle: netlink.MakeHandle(0xffff, 0), Parent: netlink.HANDLE_CLSACT},
		QdiscType:  "clsact",
	}
	switch err := netlink.QdiscAdd(qdisc); {
	case err == nil:
		f.qdisc = qdisc
	case !errors.Is(err, unix.EEXIST): // an existing clsact is shared, and left in place
		return fmt.Errorf("add clsact qdisc: %w", err)
	}
	for _, d := range dirs {
		parent := map[Direction]uint32{Ingress: netlink.HANDLE_MIN_INGRESS, Egress: netlink.HANDLE_MIN_EGRESS}[d]
		flt := &netlink.BpfFilter{
			FilterAttrs: netlink.FilterAttrs{
				LinkIndex: ifindex, Parent: parent, Handle: 1, Priority: 1, Protocol: unix.ETH_P_ALL,
			},
			Fd: f.Program(d).FD(), Name: "tinybpf-tc-filter", DirectAction: true,
		}
		if err := netlink.FilterAdd(flt); err != nil {
			f.Detach()
			return fmt.Errorf("add %v filter: %w", d, err)
		}
		f.filters = append(f.filters, flt)
	}
	return nil
}

// PortCount is the packets dropped to one blocked port, per direction.
type PortCount struct {
	Port    uint16 `json:"port"`
	Ingress uint64 `json:"ingress"`
	Egress  uint64 `json:"egress"`
}

// Counts reads the drops of each blocked port, in the order Block added them.
func (f *Filter) Counts() ([]PortCount, error) {
	counts := []PortCount{}
	for _, port := range f.ports {
		var v [2]uint64
		if err := f.coll.Maps[PortsMap].Lookup(key(port), &v); err != nil {
			return nil, fmt.Errorf("read the drops of port %d: %w", port, err)
		}
		counts = append(counts, PortCount{port, v[Ingress], v[Egress]})
	}
	return counts, nil
}

// Detach removes the programs from the interface: the links, or the filters
// and the clsact qdisc if Attach added it.
func (f *Filter) Detach() error {
	var errs []error
	for _, l := range f.links {
		errs = append(errs, l.Close())
	}
	f.links = nil
	for _, flt := range f.filters {
		if err := netlink.FilterDel(flt); err != nil {
			errs = append(errs, fmt.Errorf("delete filter: %w", err))
		}
	}
	f.filters = nil
	if f.qdisc != nil {
		if err := netlink.QdiscDel(f.qdisc); err != nil {
			errs = append(errs, fmt.Errorf("delete clsact qdisc: %w", err))
		}
		f.qdisc = nil
	}
	return errors.Join(errs...)
}

// Close detaches the programs and releases them and the map.
func (f *Filter) Close() error {
	err := f.Detach()
	f.coll.Close()
	return err
}
