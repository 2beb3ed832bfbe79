// Package event decodes the records that bpf/connect.go writes into the
// "events" ring buffer.
package event

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// Size is the length of one record; it must match connectEvent in
// bpf/connect.go: PID u32 @0, TID u32 @4, Ret i32 @8, Family u16 @12,
// Port [2]byte @14 (network order), Addr [16]byte @16, Comm [16]byte @32.
const Size = 48

// ConnectEvent is one connect(2) to an IPv4 or IPv6 address.
type ConnectEvent struct {
	PID  uint32     `json:"pid"`
	TID  uint32     `json:"tid"`
	Comm string     `json:"comm"`
	Addr netip.Addr `json:"addr"`
	Port uint16     `json:"port"`
	Ret  int32      `json:"ret"`
}

// connectEvent mirrors connectEvent in bpf/connect.go.
type connectEvent struct {
	PID    uint32
	TID    uint32
	Ret    int32
	Family uint16
	Port   [2]byte
	Addr   [16]byte
	Comm   [16]byte
}

// Decode parses a record (see trace.DecodeRecord): the port and address are
// in network byte order, as the caller's sockaddr held them.
func Decode(b []byte) (ConnectEvent, error) {
	var raw connectEvent
	if err := trace.DecodeRecord(b, &raw); err != nil {
		return ConnectEvent{}, err
	}
	ev := ConnectEvent{PID: raw.PID, TID: raw.TID, Comm: trace.CString(raw.Comm[:]),
		Port: binary.BigEndian.Uint16(raw.Port[:]), Ret: raw.Ret}
	switch raw.Family {
	case unix.AF_INET:
		ev.Addr = netip.AddrFrom4([4]byte(raw.Addr[:4]))
	case unix.AF_INET6:
		ev.Addr = netip.AddrFrom16(raw.Addr)
	default:
		return ConnectEvent{}, fmt.Errorf("event: address family %d, want AF_INET or AF_INET6", raw.Family)
	}
	return ev, nil
}

// Text is the event's part of the tracer's line (trace.Stamped adds the
// time): "pid=N tid=N comm=C addr=A port=P ret=R", with the errno's name
// after a negative R: "ret=-111 (ECONNREFUSED)".
func (e ConnectEvent) Text() string {
	s := fmt.Sprintf("pid=%d tid=%d comm=%s addr=%s port=%d ret=%d", e.PID, e.TID, e.Comm, e.Addr, e.Port, e.Ret)
	if e.Ret < 0 {
		s += fmt.Sprintf(" (%s)", unix.ErrnoName(syscall.Errno(-e.Ret)))
	}
	return s
}
