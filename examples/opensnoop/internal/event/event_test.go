package event

import (
	"encoding/binary"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
)

// record lays out a raw record the way the BPF program does.
func record(pid, uid uint32, ret, flags int32, comm, path string) []byte {
	b := make([]byte, Size)
	binary.LittleEndian.PutUint32(b[0:], pid)
	binary.LittleEndian.PutUint32(b[4:], uid)
	binary.LittleEndian.PutUint32(b[8:], uint32(ret))
	binary.LittleEndian.PutUint32(b[12:], uint32(flags))
	copy(b[16:32], comm)
	copy(b[32:32+255], path)
	return b
}

func TestDecodeExactBytes(t *testing.T) {
	// Hand-written, independent of the record helper.
	b := make([]byte, Size)
	copy(b, []byte{
		0x39, 0x30, 0, 0, // Pid 12345
		0xe8, 0x03, 0, 0, // Uid 1000
		0xfe, 0xff, 0xff, 0xff, // Ret -2 (ENOENT)
		0x00, 0x00, 0x08, 0, // Flags 0x80000 (O_CLOEXEC)
		'c', 'a', 't', 0, 'x', // Comm "cat", then leftovers
	})
	copy(b[32:], "/etc/x\x00junk")
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	want := Open{Pid: 12345, Uid: 1000, Ret: -2, Flags: 0x80000, Comm: "cat", Path: "/etc/x"}
	if got != want {
		t.Fatalf("Decode = %+v, want %+v", got, want)
	}
}

func TestDecodeFullFields(t *testing.T) {
	// No NUL: the whole field is the string. The kernel's own strings always
	// have one, but the decoder must not read past the field if not.
	comm, path := strings.Repeat("c", 16), strings.Repeat("p", 255)
	b := record(1, 0, 3, 0, comm, path)
	b[Size-1] = 'X' // the padding byte is not part of the path
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Comm != comm || got.Path != path {
		t.Fatalf("Comm %q Path %q", got.Comm, got.Path)
	}
}

func TestDecodeShort(t *testing.T) {
	for _, n := range []int{0, 32, Size - 1} {
		if _, err := Decode(make([]byte, n)); err == nil {
			t.Errorf("Decode(%d bytes): no error", n)
		}
	}
}

// The rows must be byte for byte those of libbpf-tools' opensnoop; these are
// lines it printed (the seed's README), with their widths.
func TestRowAsLibbpfTools(t *testing.T) {
	for _, tc := range []struct {
		ev   Open
		want string
	}{
		{Open{Pid: 2883, Ret: 3, Comm: "cat", Path: "/etc/ld.so.cache"},
			"2883   cat                3   0 /etc/ld.so.cache"},
		{Open{Pid: 2884, Ret: -2, Comm: "ls", Path: "/usr/share/locale/C/LC_TIME/coreutils.mo"},
			"2884   ls                -1   2 /usr/share/locale/C/LC_TIME/coreutils.mo"},
		{Open{Pid: 1, Ret: 22, Comm: "systemd", Path: "/proc/1435/cgroup"},
			"1      systemd           22   0 /proc/1435/cgroup"},
	} {
		if got := tc.ev.Text(); got != tc.want {
			t.Errorf("Text = %q\n  want %q", got, tc.want)
		}
	}
	if Header != "PID    COMM              FD ERR PATH" {
		t.Errorf("Header = %q", Header)
	}
}

func TestFDAndErr(t *testing.T) {
	for _, tc := range []struct{ ret, fd, err int32 }{{0, 0, 0}, {17, 17, 0}, {-13, -1, 13}} {
		e := Open{Ret: tc.ret}
		if e.FD() != tc.fd || e.Err() != tc.err {
			t.Errorf("ret %d: fd %d err %d, want %d %d", tc.ret, e.FD(), e.Err(), tc.fd, tc.err)
		}
	}
}

func TestJSON(t *testing.T) {
	ts := time.Date(2024, 5, 6, 9, 8, 7, 5, time.FixedZone("X", 2*3600))
	ev := Open{Pid: 42, Uid: 1000, Ret: -2, Flags: 0x80000, Comm: "cat", Path: `/tmp/"q"`}
	b, err := json.Marshal(trace.Stamp(ev, ts))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"time":"2024-05-06T07:08:07.000000005Z","pid":42,"uid":1000,"comm":"cat","fd":-1,"err":2,"flags":524288,"path":"/tmp/\"q\""}`
	if string(b) != want {
		t.Fatalf("JSON = %s\n  want %s", b, want)
	}
}
