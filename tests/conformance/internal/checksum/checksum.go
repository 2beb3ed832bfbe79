// Package checksum is Go code of another package than main, called from a
// BPF program: TinyGo names its functions "tinybpf.test/.../checksum.IPv4".
package checksum

// IPv4 is the header checksum of a 20-byte IPv4 header.
//
//go:noinline
func IPv4(h *[20]byte) uint16 {
	if h == nil {
		return 0
	}
	var sum uint32
	for i := 0; i < len(h); i += 2 {
		sum += uint32(h[i])<<8 | uint32(h[i+1])
	}
	sum = sum&0xffff + sum>>16
	sum = sum&0xffff + sum>>16
	return ^uint16(sum)
}
