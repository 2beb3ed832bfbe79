package filter

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"

	"github.com/cilium/ebpf"
)

// enum xdp_action in the kernel's include/uapi/linux/bpf.h.
const (
	xdpDrop = 1
	xdpPass = 2
)

var (
	blocked4 = netip.MustParseAddr("192.0.2.3") // TEST-NET-1, RFC 5737
	allowed4 = netip.MustParseAddr("192.0.2.1")
	blocked6 = netip.MustParseAddr("2001:db8::3") // documentation prefix, RFC 3849
	allowed6 = netip.MustParseAddr("2001:db8::1")
)

// frame is an Ethernet frame of the given EtherType around payload.
func frame(etherType uint16, payload []byte) []byte {
	b := make([]byte, 14, 14+len(payload))
	copy(b[0:6], []byte{0x02, 0, 0, 0, 0, 2})  // destination
	copy(b[6:12], []byte{0x02, 0, 0, 0, 0, 1}) // source
	binary.BigEndian.PutUint16(b[12:], etherType)
	return append(b, payload...)
}

// ipv4UDP is an IPv4 header (RFC 791, no options) from src to 192.0.2.2 and a
// UDP header (RFC 768) to port 9, with 4 bytes of data.
func ipv4UDP(src netip.Addr) []byte {
	b := make([]byte, 20+8+4)
	b[0] = 0x45 // version 4, IHL 5
	binary.BigEndian.PutUint16(b[2:], uint16(len(b)))
	b[8] = 64 // TTL
	b[9] = 17 // UDP
	s := src.As4()
	copy(b[12:16], s[:])
	copy(b[16:20], []byte{192, 0, 2, 2})
	binary.BigEndian.PutUint16(b[20:], 40000)
	binary.BigEndian.PutUint16(b[22:], 9)
	binary.BigEndian.PutUint16(b[24:], 12)
	return b
}

// ipv6UDP is an IPv6 header (RFC 8200) from src to 2001:db8::2 and the same
// UDP datagram.
func ipv6UDP(src netip.Addr) []byte {
	b := make([]byte, 40+8+4)
	b[0] = 0x60
	binary.BigEndian.PutUint16(b[4:], 12)
	b[6] = 17
	b[7] = 64
	s, d := src.As16(), netip.MustParseAddr("2001:db8::2").As16()
	copy(b[8:24], s[:])
	copy(b[24:40], d[:])
	binary.BigEndian.PutUint16(b[40:], 40000)
	binary.BigEndian.PutUint16(b[42:], 9)
	binary.BigEndian.PutUint16(b[44:], 12)
	return b
}

// TestRun loads the object at obj, blocks one IPv4 and one IPv6 address, and
// runs the program with BPF_PROG_TEST_RUN on crafted frames: IPv4 and IPv6
// from a blocked and from another address, ARP, and frames truncated inside
// each header. It checks each verdict and, at the end, the counters, and logs
// each run with logf. Root only; the smoke tests (host and guests) call it.
func TestRun(obj string, logf func(format string, args ...any)) error {
	f, err := Load(obj)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, a := range []netip.Addr{blocked4, blocked6} {
		if err := f.Block(a); err != nil {
			return err
		}
	}

	cases := []struct {
		name  string
		frame []byte
		want  uint32
	}{
		{"IPv4 from the blocked address", frame(0x0800, ipv4UDP(blocked4)), xdpDrop},
		{"IPv4 from another address", frame(0x0800, ipv4UDP(allowed4)), xdpPass},
		{"IPv6 from the blocked address", frame(0x86dd, ipv6UDP(blocked6)), xdpDrop},
		{"IPv6 from another address", frame(0x86dd, ipv6UDP(allowed6)), xdpPass},
		// The IPv4 address bytes of the blocked one, in an ARP frame: not IP, passed.
		{"ARP (EtherType 0x0806) holding the blocked address", frame(0x0806, ipv4UDP(blocked4)), xdpPass},
		// Truncated: the header the program would read ends after the frame.
		// The kernel's test run needs at least an Ethernet header (ETH_HLEN).
		{"Ethernet header only, EtherType IPv4", frame(0x0800, nil), xdpPass},
		{"IPv4 header one byte short, blocked source", frame(0x0800, ipv4UDP(blocked4)[:19]), xdpPass},
		{"IPv6 header one byte short, blocked source", frame(0x86dd, ipv6UDP(blocked6)[:39]), xdpPass},
	}
	var errs []error
	var wantDrops4, wantDrops6, wantPassed uint64
	for _, c := range cases {
		ret, err := f.Program().Run(&ebpf.RunOptions{Data: c.frame})
		if err != nil {
			return fmt.Errorf("%s: test run: %v", c.name, err)
		}
		if ret != c.want {
			errs = append(errs, fmt.Errorf("%s (%d bytes): verdict %d, want %d", c.name, len(c.frame), ret, c.want))
		}
		switch {
		case c.want == xdpPass:
			wantPassed++
		case c.name[:4] == "IPv4":
			wantDrops4++
		default:
			wantDrops6++
		}
		logf("%s (%d bytes): verdict %d", c.name, len(c.frame), ret)
	}
	got, err := f.Counts()
	if err != nil {
		return err
	}
	want := Counts{Blocked: []Count{{blocked4, wantDrops4}, {blocked6, wantDrops6}}, Passed: wantPassed}
	if len(got.Blocked) != 2 || got.Blocked[0] != want.Blocked[0] || got.Blocked[1] != want.Blocked[1] || got.Passed != want.Passed {
		errs = append(errs, fmt.Errorf("counts %+v, want %+v", got, want))
	}
	return errors.Join(errs...)
}
