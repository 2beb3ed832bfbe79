// Package generatetest uses loaders that `tinybpf generate` writes.
// tests/cli/generate_test.sh copies this module to a temporary directory,
// generates the packages it imports there (typedglobals, globals, openat,
// coretask) from the test objects, and runs go vet, go build and go test;
// in the repository the imported packages do not exist.
package generatetest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/ringbuf"
	"golang.org/x/sys/unix"

	"tinybpf.test/generate/coretask"
	"tinybpf.test/generate/globals"
	"tinybpf.test/generate/openat"
	"tinybpf.test/generate/ringrecords"
	"tinybpf.test/generate/typedglobals"
)

const (
	xdpDrop = 1
	xdpPass = 2
)

func runXDP(t *testing.T, prog *ebpf.Program, size int) uint32 {
	t.Helper()
	ret, err := prog.Run(&ebpf.RunOptions{Data: make([]byte, size)})
	if err != nil {
		t.Fatal(err)
	}
	return ret
}

// The generated types have the BTF's sizes and offsets (tests/testdata/
// typed_globals: bool, uint8, then a uint64 at 8; a nested [2]label at 16).
func TestTypedGlobalsLayout(t *testing.T) {
	var s typedglobals.TypedGlobalsSettings
	var e typedglobals.TypedGlobalsPacketEvent
	for _, c := range []struct {
		what      string
		got, want uintptr
	}{
		{"sizeof Settings", unsafe.Sizeof(s), 24},
		{"offsetof Settings.Limit", unsafe.Offsetof(s.Limit), 8},
		{"offsetof Settings.Tag", unsafe.Offsetof(s.Tag), 16},
		{"sizeof Label", unsafe.Sizeof(typedglobals.TypedGlobalsLabel{}), 6},
		{"sizeof PacketEvent", unsafe.Sizeof(e), 32},
		{"offsetof PacketEvent.Kind", unsafe.Offsetof(e.Kind), 4},
		{"offsetof PacketEvent.Count", unsafe.Offsetof(e.Count), 8},
		{"offsetof PacketEvent.Labels", unsafe.Offsetof(e.Labels), 16},
		{"offsetof PacketEvent.Delta", unsafe.Offsetof(e.Delta), 28},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.what, c.got, c.want)
		}
	}
}

// Sets the .rodata struct through the generated type before load, runs the
// program and reads the .bss struct it wrote back through the generated type.
func TestTypedGlobalsSetRunGet(t *testing.T) {
	spec, err := typedglobals.LoadTypedGlobals() // the embedded object
	if err != nil {
		t.Fatal(err)
	}
	var specs typedglobals.TypedGlobalsSpecs
	if err := spec.Assign(&specs); err != nil {
		t.Fatal(err)
	}
	config := typedglobals.TypedGlobalsSettings{Enabled: true, Shift: 1, Limit: 100, Tag: [3]byte{7, 0, 9}}
	if err := specs.Config.Set(config); err != nil {
		t.Fatal(err)
	}
	var objs typedglobals.TypedGlobalsObjects
	if err := spec.LoadAndAssign(&objs, nil); err != nil {
		t.Fatal(err)
	}
	defer objs.Close()

	if got := runXDP(t, objs.Record, 64); got != xdpPass {
		t.Fatalf("64-byte packet: verdict %d, want %d (pass)", got, xdpPass)
	}
	if got := runXDP(t, objs.Record, 200); got != xdpDrop {
		t.Fatalf("200-byte packet over Limit 100: verdict %d, want %d (drop)", got, xdpDrop)
	}
	var ev typedglobals.TypedGlobalsPacketEvent
	if err := objs.LastEvent.Get(&ev); err != nil {
		t.Fatal(err)
	}
	want := typedglobals.TypedGlobalsPacketEvent{Length: 64 << 1, Kind: -3, Count: 1, Delta: 64 - 100}
	want.Labels[1].Len = 7
	want.Labels[1].Text[4] = 9
	if ev != want {
		t.Errorf("lastEvent = %+v, want %+v", ev, want)
	}
}

// A loader generated with --ident and without embedding loads from a path.
func TestGlobalsFromFile(t *testing.T) {
	path := os.Getenv("TINYBPF_GLOBALS_OBJ")
	if path == "" {
		t.Skip("TINYBPF_GLOBALS_OBJ is not set (tests/cli/generate_test.sh sets it)")
	}
	spec, err := globals.LoadGlobalsFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := spec.Variables[globals.GlobalsVarMaxLen].Set(uint32(32)); err != nil {
		t.Fatal(err)
	}
	var objs globals.GlobalsObjects
	if err := spec.LoadAndAssign(&objs, nil); err != nil {
		t.Fatal(err)
	}
	defer objs.Close()
	if got := runXDP(t, objs.Filter, 64); got != xdpDrop {
		t.Errorf("64-byte packet over maxLen 32: verdict %d, want %d (drop)", got, xdpDrop)
	}
	var seen uint64
	var last uint32
	if err := objs.SeenPackets.Get(&seen); err != nil {
		t.Fatal(err)
	}
	if err := objs.LastLen.Get(&last); err != nil {
		t.Fatal(err)
	}
	if seen != 1 || last != 64 {
		t.Errorf("seenPackets %d lastLen %d, want 1 and 64", seen, last)
	}
}

// The examples' tracepoint program through its generated loader: attached,
// it reports this process opening a file it names.
func TestOpenatThroughGeneratedLoader(t *testing.T) {
	var objs openat.OpenatObjects
	if err := openat.LoadOpenatObjects(&objs, nil); err != nil {
		t.Fatal(err)
	}
	defer objs.Close()
	tp, err := link.Tracepoint("syscalls", "sys_enter_openat", objs.TraceOpenat, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tp.Close()
	rd, err := ringbuf.NewReader(objs.Events)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()

	name := filepath.Join(t.TempDir(), "generated-loader-was-here")
	if f, err := os.Create(name); err == nil {
		f.Close()
	}
	rd.SetDeadline(time.Now().Add(5 * time.Second))
	for {
		rec, err := rd.Read()
		if errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("no event for pid %d opening %s", os.Getpid(), name)
		}
		if err != nil {
			t.Fatal(err)
		}
		// openEvent: PID uint32, TID uint32, Flags int64, Filename [128]byte.
		pid := binary.NativeEndian.Uint32(rec.RawSample[0:4])
		file, _, _ := bytes.Cut(rec.RawSample[16:], []byte{0})
		if pid == uint32(os.Getpid()) && string(file) == name {
			return
		}
	}
}

// core_task's maps, by the generated names.
func TestCoreTaskNames(t *testing.T) {
	spec, err := coretask.LoadCoreTask()
	if err != nil {
		t.Fatal(err)
	}
	var specs coretask.CoreTaskSpecs
	if err := spec.Assign(&specs); err != nil {
		t.Fatal(err)
	}
	if specs.Info.ValueSize != 40 || specs.Target.ValueSize != 4 || specs.CoreTask.SectionName != "tracepoint/syscalls/sys_enter_getppid" {
		t.Errorf("info value %d, target value %d, section %q", specs.Info.ValueSize,
			specs.Target.ValueSize, specs.CoreTask.SectionName)
	}
}

// Record types reach the loader without a global variable
// (tests/testdata/ring_records): bpf.RingBuf[sdkEvent] and
// bpf.PerfEventArray[perfSample] carry them in their map definitions, and a
// bpfMapDef ring buffer's record type comes from what the program sends it.
// The records the program writes decode into the generated types.
func TestRingRecords(t *testing.T) {
	for _, c := range []struct {
		what      string
		got, want uintptr
	}{
		{"sizeof SdkEvent", unsafe.Sizeof(ringrecords.RingRecordsSdkEvent{}), 24},
		{"offsetof SdkEvent.Tag", unsafe.Offsetof(ringrecords.RingRecordsSdkEvent{}.Tag), 6},
		{"offsetof SdkEvent.Tid", unsafe.Offsetof(ringrecords.RingRecordsSdkEvent{}.Tid), 16},
		{"sizeof RawEvent", unsafe.Sizeof(ringrecords.RingRecordsRawEvent{}), 16},
		{"sizeof PerfSample", unsafe.Sizeof(ringrecords.RingRecordsPerfSample{}), 8},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.what, c.got, c.want)
		}
	}
	var objs ringrecords.RingRecordsObjects
	if err := ringrecords.LoadRingRecordsObjects(&objs, nil); err != nil {
		t.Fatal(err)
	}
	defer objs.Close()
	// The thread BPF_PROG_TEST_RUN runs the program on is this one.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if ret, err := objs.Emit.Run(&ebpf.RunOptions{}); err != nil || ret != 0 {
		t.Fatalf("emit: %d, %v", ret, err)
	}
	var sdk ringrecords.RingRecordsSdkEvent
	readRecord(t, objs.Events, &sdk)
	if want := (ringrecords.RingRecordsSdkEvent{Seq: 1, Kind: 0x1234, Tag: [3]uint8{'a', 'b', 'c'}, Tid: uint64(unix.Gettid())}); !sameBytes(sdk, want) {
		t.Errorf("events: %+v, want %+v", sdk, want)
	}
	var raw ringrecords.RingRecordsRawEvent
	readRecord(t, objs.RawEvents, &raw)
	if raw.Magic != 0x1122334455667788 || raw.Seq != 1 {
		t.Errorf("rawEvents: %+v, want Magic 0x1122334455667788, Seq 1", raw)
	}
}

func readRecord(t *testing.T, m *ebpf.Map, out any) {
	t.Helper()
	rd, err := ringbuf.NewReader(m)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	rd.SetDeadline(time.Now().Add(time.Second))
	rec, err := rd.Read()
	if err != nil {
		t.Fatal(err)
	}
	if err := binary.Read(bytes.NewReader(rec.RawSample), binary.NativeEndian, out); err != nil {
		t.Fatal(err)
	}
}

func sameBytes[T any](a, b T) bool {
	return bytes.Equal(unsafe.Slice((*byte)(unsafe.Pointer(&a)), unsafe.Sizeof(a)),
		unsafe.Slice((*byte)(unsafe.Pointer(&b)), unsafe.Sizeof(b)))
}
