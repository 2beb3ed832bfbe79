package bpf

import "unsafe"

// BpfIterMeta is the kernel's struct bpf_iter_meta, the first member of the
// context of every iterator program: Seq is the seq_file the program writes
// its output to (SeqWrite, SeqPrintf), SeqNum counts the objects shown
// before this one. A CO-RE kernel type (core.go): its fields are relocated by
// name, so it needs no layout from any one kernel.
type BpfIterMeta struct {
	_         Kernel
	Seq       unsafe.Pointer // struct seq_file *
	SessionId uint64
	SeqNum    uint64
}

// Iter is the context of an iterator program (section iter/TARGET) over
// objects of one kernel type T: struct bpf_iter__task for iter/task, with T a
// kernel type for task_struct; likewise iter/bpf_map (bpf_map), iter/bpf_link,
// iter/bpf_prog, iter/cgroup, iter/tcp (sock_common), iter/udp (udp_sock),
// iter/unix (unix_sock), iter/netlink, iter/ksym, iter/ipv6_route.
//
//	//go:section iter/task
//	func dump(ctx *bpf.Iter[TaskStruct]) int32
//
// The kernel passes the context as the iterator function's arguments, one
// 64-bit slot each, so Meta and Object are at offsets 0 and 8. Object is nil
// on the iterator's last call, after every object: test it before reading
// (Go requires it, and so does the verifier). Meta is never nil, but Go
// requires the test too. Iterators with more than one object per call
// (iter/task_file: task, fd, file; iter/bpf_map_elem: map, key, value)
// declare their context as a struct of those pointers after a
// *bpf.BpfIterMeta, in the kernel's order.
type Iter[T any] struct {
	Meta   *BpfIterMeta
	Object *T
}
