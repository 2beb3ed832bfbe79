package filter

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"

	"github.com/cilium/ebpf"
)

// The verdicts, from the kernel's include/uapi/linux/pkt_cls.h: TC_ACT_SHOT,
// and TC_ACT_UNSPEC (-1, also tcx's TC_NEXT) as the test run's 32-bit result.
const (
	actShot = 2
	actNext = 0xffffffff
)

// frame is an Ethernet frame of the given EtherType around payload.
func frame(etherType uint16, payload []byte) []byte {
	b := make([]byte, 14, 14+len(payload))
	copy(b[0:6], []byte{0x02, 0, 0, 0, 0, 2})
	copy(b[6:12], []byte{0x02, 0, 0, 0, 0, 1})
	binary.BigEndian.PutUint16(b[12:], etherType)
	return append(b, payload...)
}

// transport is a UDP (RFC 768) or TCP (RFC 9293, 20 bytes) header from port
// 40000 to dport, with 4 bytes of data.
func transport(proto byte, dport uint16) []byte {
	n := 8
	if proto == 6 {
		n = 20
	}
	b := make([]byte, n+4)
	binary.BigEndian.PutUint16(b[0:], 40000)
	binary.BigEndian.PutUint16(b[2:], dport)
	if proto == 6 {
		b[12] = 5 << 4 // data offset
		b[13] = 0x02   // SYN
	} else {
		binary.BigEndian.PutUint16(b[4:], uint16(len(b)))
	}
	return b
}

// ipv4 is an IPv4 header (RFC 791) from 192.0.2.1 to 192.0.2.2 with options
// (a multiple of 4 bytes) and the fragment offset fragOff (in 8-byte units),
// around payload.
func ipv4(proto byte, options []byte, fragOff uint16, payload []byte) []byte {
	hl := 20 + len(options)
	b := make([]byte, hl, hl+len(payload))
	b[0] = 0x40 | byte(hl/4)
	binary.BigEndian.PutUint16(b[2:], uint16(hl+len(payload)))
	binary.BigEndian.PutUint16(b[6:], fragOff)
	b[8], b[9] = 64, proto
	copy(b[12:], []byte{192, 0, 2, 1, 192, 0, 2, 2})
	copy(b[20:], options)
	return append(b, payload...)
}

// ipv6 is an IPv6 header (RFC 8200) from 2001:db8::1 to 2001:db8::2 around payload.
func ipv6(next byte, payload []byte) []byte {
	b := make([]byte, 40, 40+len(payload))
	b[0] = 0x60
	binary.BigEndian.PutUint16(b[4:], uint16(len(payload)))
	b[6], b[7] = next, 64
	s, d := netip.MustParseAddr("2001:db8::1").As16(), netip.MustParseAddr("2001:db8::2").As16()
	copy(b[8:], s[:])
	copy(b[24:], d[:])
	return append(b, payload...)
}

// TestRun loads the object at obj, blocks port 7007, and runs the ingress
// program with BPF_PROG_TEST_RUN on crafted frames (IPv4 with and without
// options, TCP and UDP, a non-first fragment, IPv6, truncated transport
// headers), then
// the egress program once; it checks each verdict and the counts, and logs
// each run with logf. Root only; the smoke tests (host and guests) call it.
func TestRun(obj string, logf func(format string, args ...any)) error {
	const udp, tcp = 17, 6
	f, err := Load(obj)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Block(7007); err != nil {
		return err
	}
	// Four option bytes whose last two read 7007 (0x1b5f): where the UDP
	// destination port would be if the program ignored the header length.
	opts := []byte{0x01, 0x01, 0x1b, 0x5f}
	cases := []struct {
		name  string
		frame []byte
		want  uint32
	}{
		{"IPv4 UDP to 7007", frame(0x0800, ipv4(udp, nil, 0, transport(udp, 7007))), actShot},
		{"IPv4 UDP to 7008", frame(0x0800, ipv4(udp, nil, 0, transport(udp, 7008))), actNext},
		{"IPv4 TCP SYN to 7007", frame(0x0800, ipv4(tcp, nil, 0, transport(tcp, 7007))), actShot},
		{"IPv4 with 4 option bytes, UDP to 7007", frame(0x0800, ipv4(udp, opts, 0, transport(udp, 7007))), actShot},
		{"IPv4 with options reading 7007 at offset 22, UDP to 7008", frame(0x0800, ipv4(udp, opts, 0, transport(udp, 7008))), actNext},
		{"IPv4 fragment at offset 1480 whose data reads UDP to 7007", frame(0x0800, ipv4(udp, nil, 185, transport(udp, 7007))), actNext},
		{"IPv6 UDP to 7007", frame(0x86dd, ipv6(udp, transport(udp, 7007))), actShot},
		{"IPv6 TCP SYN to 7008", frame(0x86dd, ipv6(tcp, transport(tcp, 7008))), actNext},
		{"ARP frame", frame(0x0806, ipv4(udp, nil, 0, transport(udp, 7007))), actNext},
		// Truncated: the header the program would read ends after the frame.
		// (An skb test run refuses, EINVAL, an IPv4 or IPv6 frame shorter than
		// its fixed IP header: only the transport header can be cut here.)
		{"IPv4 header length 60 in a 32-byte packet, UDP to 7007", frame(0x0800, func() []byte {
			b := ipv4(udp, nil, 0, transport(udp, 7007))
			b[0] = 0x4f
			return b
		}()), actNext},
		{"UDP header one byte short, to 7007", frame(0x0800, ipv4(udp, nil, 0, transport(udp, 7007)[:7])), actNext},
		{"IPv6, UDP header one byte short, to 7007", frame(0x86dd, ipv6(udp, transport(udp, 7007)[:7])), actNext},
	}
	var errs []error
	var shot uint64
	for _, c := range cases {
		ret, err := f.Program(Ingress).Run(&ebpf.RunOptions{Data: c.frame})
		if err != nil {
			return fmt.Errorf("%s: test run: %v", c.name, err)
		}
		if ret != c.want {
			errs = append(errs, fmt.Errorf("%s (%d bytes): verdict %d, want %d", c.name, len(c.frame), int32(ret), int32(c.want)))
		}
		if c.want == actShot {
			shot++
		}
		logf("ingress, %s (%d bytes): verdict %d", c.name, len(c.frame), int32(ret))
	}
	ret, err := f.Program(Egress).Run(&ebpf.RunOptions{Data: cases[0].frame})
	if err != nil {
		return fmt.Errorf("egress: test run: %v", err)
	}
	if ret != actShot {
		errs = append(errs, fmt.Errorf("egress, %s: verdict %d, want %d", cases[0].name, int32(ret), actShot))
	}
	got, err := f.Counts()
	if err != nil {
		return err
	}
	if want := (PortCount{7007, shot, 1}); len(got) != 1 || got[0] != want {
		errs = append(errs, fmt.Errorf("counts %+v, want [%+v]", got, want))
	}
	return errors.Join(errs...)
}
