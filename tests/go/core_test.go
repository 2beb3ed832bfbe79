package tinybpftest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/btf"
	"github.com/cilium/ebpf/link"
)

// coreChildEnv makes the test binary, started again by
// TestCoreTaskRelocatedByCiliumEbpf, act as the child the program reports on.
const coreChildEnv = "TINYBPF_CORE_CHILD"

// The child's side runs in init, where Go keeps the main goroutine on the
// main thread: comm is per thread, and the program must see a task whose
// pid is the process's pid. It names that thread, waits for one byte on
// stdin (the parent has then put its pid into the map `target`), calls
// getppid, which the program's tracepoint catches, and exits.
func init() {
	name := os.Getenv(coreChildEnv)
	if name == "" {
		return
	}
	cname := append([]byte(name), 0)
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_NAME,
		uintptr(unsafe.Pointer(&cname[0])), 0); errno != 0 {
		fmt.Fprintln(os.Stderr, "prctl(PR_SET_NAME):", errno)
		os.Exit(3)
	}
	var b [1]byte
	if n, _ := os.Stdin.Read(b[:]); n != 1 {
		os.Exit(2)
	}
	syscall.RawSyscall(syscall.SYS_GETPPID, 0, 0, 0)
	os.Exit(0)
}

// taskInfo in tests/testdata/core_task/main.go.
type coreTaskInfo struct {
	Pid, Tgid, ParentTgid int32
	Runs                  uint32
	Comm                  [16]byte
	Comm3                 byte
	_                     [7]byte
}

// tests/testdata/core_task reads task_struct pid, tgid, comm, comm[3] and
// real_parent->tgid through a Go stub whose offsets (0, 4, 8, 11, 24) are
// not the kernel's. cilium/ebpf, not libbpf, applies the CO-RE relocations
// here: the values are right only if it understood tinybpf's .BTF.ext.
func TestCoreTaskRelocatedByCiliumEbpf(t *testing.T) {
	const childName = "tb-core-go"
	spec := loadSpec(t, "TINYBPF_CORE_OBJ")
	progSpec := spec.Programs["core_task"]
	if progSpec == nil {
		t.Fatal("no program core_task in the object")
	}
	if progSpec.SectionName != "tracepoint/syscalls/sys_enter_getppid" {
		t.Fatalf("section %q, want tracepoint/syscalls/sys_enter_getppid", progSpec.SectionName)
	}
	var relos []*btf.CORERelocation
	for i := range progSpec.Instructions {
		if relo := btf.CORERelocationMetadata(&progSpec.Instructions[i]); relo != nil {
			relos = append(relos, relo)
		}
	}
	// pid, tgid, comm, comm[3], real_parent (LLVM merges the two tgid ones).
	if len(relos) < 5 {
		t.Errorf("%d CO-RE relocations in the object, want at least 5: %v", len(relos), relos)
	}
	logFixups(t, spec.ByteOrder, relos)

	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		var verr *ebpf.VerifierError
		if errors.As(err, &verr) {
			t.Fatalf("load: %+v", verr)
		}
		t.Fatal(err)
	}
	defer coll.Close()
	prog := coll.Programs["core_task"]
	tp, err := link.Tracepoint("syscalls", "sys_enter_getppid", prog, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tp.Close()

	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	child := exec.Command(exe)
	child.Env = append(os.Environ(), coreChildEnv+"="+childName)
	var stderr bytes.Buffer
	child.Stderr = &stderr
	stdin, err := child.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	pid := int32(child.Process.Pid)
	if err := coll.Maps["target"].Put(uint32(0), uint32(pid)); err != nil {
		t.Fatal(err)
	}
	if _, err := stdin.Write([]byte{1}); err != nil {
		t.Fatal(err)
	}
	stdin.Close()
	if err := child.Wait(); err != nil {
		t.Fatalf("child: %v: %s", err, stderr.String())
	}

	var seen coreTaskInfo
	if err := coll.Maps["info"].Lookup(uint32(0), &seen); err != nil {
		t.Fatal(err)
	}
	comm := string(bytes.TrimRight(seen.Comm[:], "\x00"))
	t.Logf("child %d named %q, parent %d: the program saw runs %d pid %d tgid %d comm %q comm[3] %q real_parent->tgid %d",
		pid, childName, os.Getpid(), seen.Runs, seen.Pid, seen.Tgid, comm, seen.Comm3, seen.ParentTgid)
	if seen.Runs != 1 {
		t.Errorf("runs %d, want 1 (one getppid by the child)", seen.Runs)
	}
	if seen.Pid != pid || seen.Tgid != pid {
		t.Errorf("pid %d tgid %d, want %d for both", seen.Pid, seen.Tgid, pid)
	}
	if comm != childName {
		t.Errorf("comm %q (bytes % x), want %q", comm, seen.Comm, childName)
	}
	if seen.Comm3 != childName[3] {
		t.Errorf("comm[3] %q, want %q", seen.Comm3, childName[3])
	}
	if seen.ParentTgid != int32(os.Getpid()) {
		t.Errorf("real_parent->tgid %d, want %d", seen.ParentTgid, os.Getpid())
	}
}

// logFixups logs where the running kernel keeps the fields, and the fixups
// cilium/ebpf computes for the object's relocations (btf.CORERelocate, which
// it also runs when it loads the program): "byte_off=0->1264" and so on.
func logFixups(t *testing.T, bo binary.ByteOrder, relos []*btf.CORERelocation) {
	kernel, err := btf.LoadKernelSpec()
	if err != nil {
		t.Logf("kernel BTF: %v", err)
		return
	}
	var task *btf.Struct
	if err := kernel.TypeByName("task_struct", &task); err != nil {
		t.Logf("kernel BTF: %v", err)
		return
	}
	var b strings.Builder
	for _, m := range task.Members {
		switch m.Name {
		case "pid", "tgid", "comm", "real_parent":
			fmt.Fprintf(&b, " %s@%d", m.Name, m.Offset.Bytes())
		}
	}
	t.Logf("kernel BTF: task_struct%s", b.String())
	fixups, err := btf.CORERelocate(relos, []*btf.Spec{kernel}, bo,
		func(btf.Type) (btf.TypeID, error) { return 0, errors.New("no local type IDs here") })
	if err != nil {
		t.Logf("CO-RE: %v", err)
		return
	}
	for i := range fixups {
		t.Logf("CO-RE fixup %s: %s", &fixups[i], relos[i])
	}
}
