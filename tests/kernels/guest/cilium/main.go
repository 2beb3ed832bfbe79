// Command cilium holds the cilium/ebpf twins of guest tests written with
// libbpf, for the SDK's programs the host refuses: run.sh runs it under one
// name per test (tests/kernels/README.md: a mode from argv[0]), each loading
// its object from $TBPF_DATA_DIR with the loader Go users have. Built static
// (CGO_ENABLED=0) for the guests.
//
//   - sdk_contexts_cilium, the twin of sdk_contexts_test.c: the SDK's typed
//     contexts of fentry, fexit, kprobe, tp_btf and lsm programs
//     (tests/kernels/guest/sdk_contexts). It sets targPid to this process,
//     attaches the five programs, removes a missing file with
//     unlinkat(AT_FDCWD, ...) and opens one. Each program must have seen its
//     call: dfd -100 (AT_FDCWD) from Args[0] and PtRegs.Arg1(), -ENOENT from
//     Args.Ret(2), system call 263 (x86_64 unlinkat) from tp_btf's Args[1],
//     the open from the LSM hook.
//   - inode_storage_cilium, the twin of inode_storage_test.c: bpf.InodeStorage
//     (tests/testdata/sdk_inode_storage), counted by LSM programs on
//     inode_create and inode_unlink. It creates three files in a new
//     directory and removes two; the directory's value, looked up by its fd,
//     must be 3 creates and 2 unlinks, and a file has no value.
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"golang.org/x/sys/unix"
)

func main() {
	tests := map[string]func() error{
		"sdk_contexts_cilium":  sdkContexts,
		"inode_storage_cilium": inodeStorage,
	}
	name := filepath.Base(os.Args[0])
	test := tests[name]
	if test == nil {
		fmt.Printf("FAIL: run me as one of %v, not %s\n", []string{"sdk_contexts_cilium", "inode_storage_cilium"}, name)
		os.Exit(2)
	}
	if err := test(); err != nil {
		fmt.Printf("%s: FAIL: %v\n", name, err)
		os.Exit(1)
	}
	fmt.Printf("%s: ok\n", name)
}

func loadSpec(object string) (*ebpf.CollectionSpec, error) {
	dir := os.Getenv("TBPF_DATA_DIR")
	if dir == "" {
		dir = "/data"
	}
	return ebpf.LoadCollectionSpec(filepath.Join(dir, object))
}

func sdkContexts() error {
	spec, err := loadSpec("sdk_contexts.bpf.o")
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

type perDir struct {
	Creates, Unlinks uint32
}

func inodeStorage() error {
	spec, err := loadSpec("sdk_inode_storage.bpf.o")
	if err != nil {
		return err
	}
	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	defer coll.Close()
	for _, name := range []string{"count_create", "count_unlink"} {
		l, err := link.AttachLSM(link.LSMOptions{Program: coll.Programs[name]})
		if err != nil {
			return fmt.Errorf("attach %s: %w", name, err)
		}
		defer l.Close()
	}
	dir, err := os.MkdirTemp("/tmp", "inode-storage-cilium-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for i := 0; i < 3; i++ {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("f%d", i)))
		if err != nil {
			return err
		}
		f.Close()
	}
	for i := 0; i < 2; i++ {
		if err := os.Remove(filepath.Join(dir, fmt.Sprintf("f%d", i))); err != nil {
			return err
		}
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	var v perDir
	err = coll.Maps["dirs"].Lookup(uint32(d.Fd()), &v)
	fmt.Printf("inode-storage-cilium: lookup %s: %v, creates=%d unlinks=%d\n", dir, err, v.Creates, v.Unlinks)
	if err != nil || v.Creates != 3 || v.Unlinks != 2 {
		return fmt.Errorf("directory value: creates %d unlinks %d (%v), want 3 and 2", v.Creates, v.Unlinks, err)
	}
	f, err := os.Open(filepath.Join(dir, "f2"))
	if err != nil {
		return err
	}
	defer f.Close()
	if err := coll.Maps["dirs"].Lookup(uint32(f.Fd()), &v); !errors.Is(err, ebpf.ErrKeyNotExist) {
		return fmt.Errorf("the file f2: lookup %v, want no value", err)
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
