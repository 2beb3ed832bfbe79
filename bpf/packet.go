package bpf

import "unsafe"

// Packet is the bytes [Data, End) of the packet a program sees: what the
// context's data and data_end fields give (XdpMd.Packet, SkBuff.Packet, …).
// Read headers from it with Header, which checks the bounds the way the
// verifier needs.
type Packet struct {
	Data, End uintptr
}

// Len is the number of bytes in the packet.
func (p Packet) Len() uintptr { return p.End - p.Data }

// Header returns a pointer to the T that starts off bytes into the packet,
// or nil when the packet ends before the T does. The pointer may be read and
// written; check it for nil before using it:
//
//	eth := bpf.Header[bpf.EthHdr](ctx.Packet(), 0)
//	if eth == nil {
//		return bpf.XDP_PASS
//	}
//
// It compiles to the bounds check clang makes of C's
// `if ((void *)(p + 1) > data_end)`, for every size of T.
func Header[T any](p Packet, off uintptr) *T {
	var t T
	return (*T)(packetHeader(p.Data, p.End, off, unsafe.Sizeof(t)))
}

// Bytes returns the n bytes at off as an array pointer, or nil when the
// packet is shorter: Bytes[[6]byte](pkt, 0) is the destination MAC.
func Bytes[A any](p Packet, off uintptr) *A { return Header[A](p, off) }

// Packet is the packet of an XDP program.
func (x *XdpMd) Packet() Packet { return Packet{uintptr(x.Data), uintptr(x.DataEnd)} }

// Packet is the packet of a tc, socket filter, cgroup skb, sk_skb, flow
// dissector or lwt program (the linear part: bpf_skb_pull_data pulls more).
func (s *SkBuff) Packet() Packet { return Packet{uintptr(s.Data), uintptr(s.DataEnd)} }

// Packet is the message data of an sk_msg program.
func (m *SkMsgMd) Packet() Packet { return Packet{m.Data, m.DataEnd} }

// Packet is the packet of an sk_reuseport program.
func (r *SkReuseportMd) Packet() Packet { return Packet{r.Data, r.DataEnd} }

// Packet is the TCP header (and options) a sock_ops program sees in the
// header option callbacks.
func (s *SockOps) Packet() Packet { return Packet{s.SkbData, s.SkbDataEnd} }

// Value is the option value of a cgroup sockopt program, as a Packet: read
// and write it with Header within [Optval, OptvalEnd).
func (s *Sockopt) Value() Packet { return Packet{s.Optval, s.OptvalEnd} }
