package tinybpftest

import (
	"bytes"
	"encoding/binary"
	"runtime"
	"syscall"
	"testing"

	"github.com/cilium/ebpf"
)

// taskQuery in tests/testdata/kfunc_task/main.go.
type kfuncTaskQuery struct {
	Pid, Tgid int32
	Comm      [16]byte
}

// otherThread locks a goroutine to an OS thread of its own and returns the
// thread's id; the thread stays until stop is closed.
func otherThread(stop chan struct{}) int32 {
	tids := make(chan int32)
	for {
		go func() {
			runtime.LockOSThread()
			tids <- int32(syscall.Gettid())
			<-stop
		}()
		// A goroutine that landed on the main thread keeps it locked until
		// stop, so the next one runs on another thread.
		if tid := <-tids; tid != int32(syscall.Getpid()) {
			return tid
		}
	}
}

// runQuery runs the syscall program on a query for pid and returns what it
// returns: the task's tgid. (The kernel writes the context back into the
// caller's buffer, but cilium/ebpf passes a copy.)
func runQuery(t *testing.T, prog *ebpf.Program, pid int32) int32 {
	t.Helper()
	var ctx bytes.Buffer
	if err := binary.Write(&ctx, binary.LittleEndian, kfuncTaskQuery{Pid: pid}); err != nil {
		t.Fatal(err)
	}
	ret, err := prog.Run(&ebpf.RunOptions{Context: ctx.Bytes()})
	if err != nil {
		t.Fatal(err)
	}
	return int32(ret)
}

// tests/testdata/kfunc_task calls the kfuncs bpf_task_from_pid and
// bpf_task_release. cilium/ebpf, not libbpf, resolves them against this
// kernel's BTF here; the program acquires a thread of ours by its id and
// must return the thread's tgid: our pid, not the id it was given.
func TestKfuncTaskResolvedByCiliumEbpf(t *testing.T) {
	spec := loadSpec(t, "TINYBPF_KFUNC_OBJ")
	progSpec := spec.Programs["kfunc_task"]
	if progSpec == nil {
		t.Fatal("no program kfunc_task in the object")
	}
	if progSpec.Type != ebpf.Syscall {
		t.Fatalf("program type %v, want Syscall", progSpec.Type)
	}
	var kfuncs []string
	for _, ins := range progSpec.Instructions {
		if ins.IsKfuncCall() {
			kfuncs = append(kfuncs, ins.Reference())
		}
	}
	if len(kfuncs) != 2 || kfuncs[0] != "bpf_task_from_pid" || kfuncs[1] != "bpf_task_release" {
		t.Fatalf("kfunc calls %v, want [bpf_task_from_pid bpf_task_release]", kfuncs)
	}

	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer coll.Close()
	prog := coll.Programs["kfunc_task"]

	stop := make(chan struct{})
	defer close(stop)
	tid := otherThread(stop)
	if tid == int32(syscall.Getpid()) {
		t.Fatal("the thread is the main thread: the tgid check would prove nothing")
	}
	tgid := runQuery(t, prog, tid)
	t.Logf("thread %d of process %d: the program saw tgid %d", tid, syscall.Getpid(), tgid)
	if tgid != int32(syscall.Getpid()) {
		t.Errorf("tgid %d, want %d", tgid, syscall.Getpid())
	}
	if ret := runQuery(t, prog, 0x7fffffff); ret != -3 { // no such task
		t.Errorf("no such task: returned %d, want -3 (ESRCH)", ret)
	}
}
