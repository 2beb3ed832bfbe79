// Command mountsnoop traces mount(2) and umount2(2) like libbpf-tools'
// mountsnoop, with the BPF program of ./bpf (built by tinybpf) loaded by
// cilium/ebpf. It prints the same columns: COMM PID TID MNT_NS CALL.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"syscall"

	"github.com/cilium/ebpf/link"
	"golang.org/x/sys/unix"

	"tinybpf.test/tools/internal/tool"
)

const (
	opMount  = 1
	opUmount = 2
)

// event mirrors the BPF side's record.
type event struct {
	Delta uint64
	Pid   uint32
	Tid   uint32
	MntNs uint32
	Ret   int32
	Op    uint32
	Comm  [16]byte
	_     [4]byte
	Flags uint64
	Fs    [8]byte
	Src   [4096]byte
	Dest  [4096]byte
	Data  [512]byte
}

// The mount flags of <linux/mount.h>, by bit; mountsnoop names umount's
// flags with the same table.
var flagNames = []struct {
	bit  uint64
	name string
}{
	{unix.MS_RDONLY, "MS_RDONLY"}, {unix.MS_NOSUID, "MS_NOSUID"}, {unix.MS_NODEV, "MS_NODEV"},
	{unix.MS_NOEXEC, "MS_NOEXEC"}, {unix.MS_SYNCHRONOUS, "MS_SYNCHRONOUS"}, {unix.MS_REMOUNT, "MS_REMOUNT"},
	{unix.MS_MANDLOCK, "MS_MANDLOCK"}, {unix.MS_DIRSYNC, "MS_DIRSYNC"}, {unix.MS_NOSYMFOLLOW, "MS_NOSYMFOLLOW"},
	{unix.MS_NOATIME, "MS_NOATIME"}, {unix.MS_NODIRATIME, "MS_NODIRATIME"}, {unix.MS_BIND, "MS_BIND"},
	{unix.MS_MOVE, "MS_MOVE"}, {unix.MS_REC, "MS_REC"}, {unix.MS_SILENT, "MS_SILENT"},
	{unix.MS_POSIXACL, "MS_POSIXACL"}, {unix.MS_UNBINDABLE, "MS_UNBINDABLE"}, {unix.MS_PRIVATE, "MS_PRIVATE"},
	{unix.MS_SLAVE, "MS_SLAVE"}, {unix.MS_SHARED, "MS_SHARED"}, {unix.MS_RELATIME, "MS_RELATIME"},
	{unix.MS_KERNMOUNT, "MS_KERNMOUNT"}, {unix.MS_I_VERSION, "MS_I_VERSION"}, {unix.MS_STRICTATIME, "MS_STRICTATIME"},
	{unix.MS_LAZYTIME, "MS_LAZYTIME"},
}

func main() {
	obj := flag.String("obj", "build/mountsnoop.bpf.o", "the BPF object")
	pid := flag.Uint("p", 0, "process ID to trace")
	flag.Parse()
	if err := run(*obj, uint32(*pid)); err != nil {
		fmt.Fprintln(os.Stderr, "mountsnoop:", err)
		os.Exit(1)
	}
}

func run(obj string, pid uint32) error {
	coll, err := tool.Load(obj, map[string]any{"targetPid": pid})
	if err != nil {
		return err
	}
	defer coll.Close()
	for prog, tp := range map[string]string{
		"mount_entry": "sys_enter_mount", "mount_exit": "sys_exit_mount",
		"umount_entry": "sys_enter_umount", "umount_exit": "sys_exit_umount",
	} {
		l, err := link.Tracepoint("syscalls", tp, coll.Programs[prog], nil)
		if err != nil {
			return fmt.Errorf("attaching %s: %w", prog, err)
		}
		defer l.Close()
	}
	events, err := tool.Perf[event](coll.Maps["events"], 64)
	if err != nil {
		return err
	}

	fmt.Printf("%-16s %-7s %-7s %-11s %s\n", "COMM", "PID", "TID", "MNT_NS", "CALL")
	return events.Each(func(ev *event) {
		cstr := tool.CString
		var call string
		switch ev.Op {
		case opMount:
			call = fmt.Sprintf(`mount("%s", "%s", "%s", %s, "%s") = %s`, cstr(ev.Src[:]), cstr(ev.Dest[:]),
				cstr(ev.Fs[:]), flags(ev.Flags), cstr(ev.Data[:]), result(ev.Ret))
		case opUmount:
			call = fmt.Sprintf(`umount("%s", %s) = %s`, cstr(ev.Dest[:]), flags(ev.Flags), result(ev.Ret))
		default:
			return
		}
		fmt.Printf("%-16s %-7d %-7d %-11d %s\n", cstr(ev.Comm[:]), ev.Pid, ev.Tid, ev.MntNs, call)
	})
}

func flags(f uint64) string {
	if f == 0 {
		return "0x0"
	}
	var names []string
	for _, n := range flagNames {
		if f&n.bit != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, " | ")
}

func result(ret int32) string {
	if ret < 0 {
		return "-" + unix.ErrnoName(syscall.Errno(-ret))
	}
	return fmt.Sprint(ret)
}
