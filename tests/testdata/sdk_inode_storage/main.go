// bpf.InodeStorage, which only LSM programs can use: a value per directory
// inode counting the files created and removed in it. The host refuses LSM
// programs; tests/kernels/guest/inode_storage_test.c runs this in Debian's
// 6.1 and 6.12 kernels and reads the values by the directory's fd.
package main

import (
	"unsafe"

	"github.com/tinybpf/tinybpf/bpf"
)

type perDir struct {
	Creates uint32
	Unlinks uint32
}

var dirs = bpf.InodeStorage[perDir]{Flags: bpf.MapNoPrealloc}

// inode_create(struct inode *dir, struct dentry *dentry, umode_t mode):
// the arguments are 64-bit slots, the first a pointer with BTF.
//
//go:section lsm/inode_create
//export count_create
func count_create(ctx unsafe.Pointer) int32 {
	dir := unsafe.Pointer(uintptr((*bpf.Args)(ctx)[0]))
	if v := dirs.Get(dir, nil, bpf.StorageCreate); v != nil {
		v.Creates++
	}
	return 0 // allow
}

// inode_unlink(struct inode *dir, struct dentry *dentry)
//
//go:section lsm/inode_unlink
//export count_unlink
func count_unlink(ctx unsafe.Pointer) int32 {
	dir := unsafe.Pointer(uintptr((*bpf.Args)(ctx)[0]))
	if v := dirs.Get(dir, nil, bpf.StorageCreate); v != nil {
		v.Unlinks++
	}
	return 0 // allow
}

func main() {}
