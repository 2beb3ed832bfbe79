// Command sdk_contexts_cilium is the cilium/ebpf twin of sdk_contexts_test.c:
// the guest test for tests/kernels/guest/sdk_contexts (Go, the SDK's typed
// contexts of fentry, fexit, kprobe, tp_btf and lsm programs), loaded with
// the loader Go users have. It loads $TBPF_DATA_DIR/sdk_contexts.bpf.o, sets
// targPid to this process, attaches the five programs, removes a missing
// file with unlinkat(AT_FDCWD, ...) and opens one. Each program must have
// seen its call: dfd -100 (AT_FDCWD) from Args[0] and PtRegs.Arg1(), -ENOENT
// from Args.Ret(2), system call 263 (x86_64 unlinkat) from tp_btf's Args[1],
// the open from the LSM hook. Built static (CGO_ENABLED=0) for the guests.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"golang.org/x/sys/unix"
)

func main() {
	if err := run(); err != nil {
		fmt.Println("sdk-contexts-cilium: FAIL:", err)
		os.Exit(1)
	}
	fmt.Println("sdk-contexts-cilium: ok")
}

func run() error {
	dir := os.Getenv("TBPF_DATA_DIR")
	if dir == "" {
		dir = "/data"
	}
	spec, err := ebpf.LoadCollectionSpec(filepath.Join(dir, "sdk_contexts.bpf.o"))
	if err != nil {
		return err
	}
	if err := spec.Variables["targPid"].Set(uint32(os.Getpid())); err != nil {
		return fmt.Errorf("set targPid: %w", err)
	}
	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	defer coll.Close()

	attach := map[string]func(*ebpf.Program) (link.Link, error){
		"on_fentry":    func(p *ebpf.Program) (link.Link, error) { return link.AttachTracing(link.TracingOptions{Program: p}) },
		"on_fexit":     func(p *ebpf.Program) (link.Link, error) { return link.AttachTracing(link.TracingOptions{Program: p}) },
		"on_kprobe":    func(p *ebpf.Program) (link.Link, error) { return link.Kprobe("do_unlinkat", p, nil) },
		"on_sys_enter": func(p *ebpf.Program) (link.Link, error) { return link.AttachTracing(link.TracingOptions{Program: p}) },
		"on_file_open": func(p *ebpf.Program) (link.Link, error) { return link.AttachLSM(link.LSMOptions{Program: p}) },
	}
	var links []link.Link
	for name, f := range attach {
		l, err := f(coll.Programs[name])
		if err != nil {
			return fmt.Errorf("attach %s: %w", name, err)
		}
		links = append(links, l)
	}
	path := fmt.Sprintf("/tmp/tinybpf-sdk-missing-%d", os.Getpid())
	unix.Unlinkat(unix.AT_FDCWD, path, 0)
	if f, err := os.Open("/proc/self/stat"); err == nil {
		f.Close()
	}
	for _, l := range links {
		l.Close()
	}

	failures := 0
	expect := func(name string, want int64) {
		got, err := global(coll, name)
		fmt.Printf("sdk-contexts-cilium: %s = %d\n", name, got)
		if err != nil || got != want {
			fmt.Printf("sdk-contexts-cilium: %s = %d, want %d (%v)\n", name, got, want, err)
			failures++
		}
	}
	expect("fentryHits", 1)
	expect("fentryDfd", -100)
	expect("fexitHits", 1)
	expect("fexitRet", -int64(unix.ENOENT))
	expect("kprobeHits", 1)
	expect("kprobeDfd", -100)
	expect("tpHits", 1)
	expect("tpSyscall", unix.SYS_UNLINKAT)
	if n, err := global(coll, "lsmHits"); err != nil || n < 1 {
		fmt.Printf("sdk-contexts-cilium: lsm/file_open saw no open of ours (%d, %v)\n", n, err)
		failures++
	}
	if failures > 0 {
		return fmt.Errorf("%d values wrong", failures)
	}
	return nil
}

// global reads a 4- or 8-byte integer variable of the object, signed.
func global(coll *ebpf.Collection, name string) (int64, error) {
	v := coll.Variables[name]
	if v == nil {
		return 0, fmt.Errorf("no variable %s", name)
	}
	switch v.Size() {
	case 4:
		var x int32
		err := v.Get(&x)
		return int64(x), err
	case 8:
		var x int64
		err := v.Get(&x)
		return x, err
	}
	return 0, fmt.Errorf("%s: %d bytes", name, v.Size())
}
