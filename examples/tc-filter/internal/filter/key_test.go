package filter

import (
	"testing"
	"unsafe"
)

// The map key holds the port as the packet and sockaddr carry it: in network
// byte order, most significant byte first (RFC 791/793), whatever this
// machine's byte order.
func TestKeyIsNetworkOrderInMemory(t *testing.T) {
	for _, c := range []struct {
		port   uint16
		hi, lo byte
	}{{7007, 0x1b, 0x5f}, {80, 0x00, 0x50}, {65535, 0xff, 0xff}, {1, 0x00, 0x01}} {
		k := key(c.port)
		b := (*[2]byte)(unsafe.Pointer(&k))
		if b[0] != c.hi || b[1] != c.lo {
			t.Errorf("key(%d) in memory = % x, want %02x %02x", c.port, b[:], c.hi, c.lo)
		}
	}
}
