package event

import (
	"net/netip"
	"testing"
)

// record is a connectEvent as bpf/connect.go lays it out (little-endian
// integers, the port and address as the caller's sockaddr holds them).
func record(family uint16, port [2]byte, addr []byte, ret int32) []byte {
	b := make([]byte, Size)
	b[0], b[1] = 0x39, 0x30 // pid 12345
	b[4], b[5] = 0x3a, 0x30 // tid 12346
	b[8], b[9], b[10], b[11] = byte(ret), byte(ret>>8), byte(ret>>16), byte(ret>>24)
	b[12], b[13] = byte(family), byte(family>>8)
	b[14], b[15] = port[0], port[1]
	copy(b[16:32], addr)
	copy(b[32:], "curl\x00")
	return b
}

func TestDecode(t *testing.T) {
	// sin_port of port 7007 (0x1b5f) is the bytes 1b 5f: htons, as in C.
	ev, err := Decode(record(2, [2]byte{0x1b, 0x5f}, []byte{192, 0, 2, 7}, -111))
	if err != nil {
		t.Fatal(err)
	}
	want := ConnectEvent{PID: 12345, TID: 12346, Comm: "curl", Addr: netip.MustParseAddr("192.0.2.7"), Port: 7007, Ret: -111}
	if ev != want {
		t.Errorf("AF_INET: got %+v, want %+v", ev, want)
	}
	if got, w := ev.Text(), "pid=12345 tid=12346 comm=curl addr=192.0.2.7 port=7007 ret=-111 (ECONNREFUSED)"; got != w {
		t.Errorf("Text: %q, want %q", got, w)
	}
	a6 := netip.MustParseAddr("2001:db8::7").As16()
	ev, err = Decode(record(10, [2]byte{0x01, 0xbb}, a6[:], 0))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Addr.String() != "2001:db8::7" || ev.Port != 443 || ev.Text() != "pid=12345 tid=12346 comm=curl addr=2001:db8::7 port=443 ret=0" {
		t.Errorf("AF_INET6: got %+v", ev)
	}
	if _, err := Decode(record(1, [2]byte{}, nil, 0)); err == nil {
		t.Error("AF_UNIX (1): no error")
	}
	if _, err := Decode(make([]byte, Size-1)); err == nil {
		t.Error("a short record: no error")
	}
}
