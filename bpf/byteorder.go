package bpf

// Be16 is a 16-bit integer in network byte order (big-endian), as a packet
// header or a socket address holds it (C's __be16).
type Be16 uint16

// Be32 is a 32-bit integer in network byte order (C's __be32).
type Be32 uint32

// Host is the value in host byte order.
func (v Be16) Host() uint16 { return uint16(v)>>8 | uint16(v)<<8 }

// Host is the value in host byte order.
func (v Be32) Host() uint32 {
	return uint32(v)>>24 | uint32(v)>>8&0xff00 | uint32(v)<<8&0xff0000 | uint32(v)<<24
}

// Htons is the network-order form of a 16-bit value, as C's htons.
func Htons(v uint16) Be16 { return Be16(v>>8 | v<<8) }

// Htonl is the network-order form of a 32-bit value, as C's htonl.
func Htonl(v uint32) Be32 { return Be32(Be32(v).Host()) }
