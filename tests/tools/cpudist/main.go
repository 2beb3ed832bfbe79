// Command cpudist summarises on-CPU (or, with -O, off-CPU) time per task as
// a log2 histogram, like libbpf-tools' cpudist, with the BPF program of ./bpf
// (built by tinybpf) loaded by cilium/ebpf. It prints the histograms when it
// is interrupted (SIGINT, SIGTERM), in cpudist's format.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/cilium/ebpf/link"

	"tinybpf.test/tools/internal/tool"
)

const maxSlots = 36

// hist mirrors the BPF side's histogram.
type hist struct {
	Slots [maxSlots]uint32
	Comm  [16]byte
}

func main() {
	obj := flag.String("obj", "build/cpudist.bpf.o", "the BPF object")
	off := flag.Bool("O", false, "measure off-CPU time")
	ms := flag.Bool("m", false, "millisecond histogram")
	perProcess := flag.Bool("P", false, "print a histogram per process ID")
	perThread := flag.Bool("L", false, "print a histogram per thread ID")
	pid := flag.Int("p", -1, "trace this PID only")
	flag.Parse()
	if err := run(*obj, *off, *ms, *perProcess, *perThread, *pid); err != nil {
		fmt.Fprintln(os.Stderr, "cpudist:", err)
		os.Exit(1)
	}
}

func run(obj string, off, ms, perProcess, perThread bool, pid int) error {
	coll, err := tool.Load(obj, map[string]any{
		"offCPU": off, "inMs": ms, "perProcess": perProcess, "perThread": perThread, "targTgid": int32(pid),
	})
	if err != nil {
		return err
	}
	defer coll.Close()
	l, err := link.AttachTracing(link.TracingOptions{Program: coll.Programs["sched_switch"]})
	if err != nil {
		return fmt.Errorf("attaching sched_switch: %w", err)
	}
	defer l.Close()

	stop := tool.Signalled()
	what := "on-CPU"
	if off {
		what = "off-CPU"
	}
	fmt.Printf("Tracing %s time... Hit Ctrl-C to end.\n", what)
	<-stop
	fmt.Println()

	var ids []uint32
	hists := map[uint32]hist{}
	var id uint32
	var h hist
	for it := coll.Maps["hists"].Iterate(); it.Next(&id, &h); {
		ids = append(ids, id)
		hists[id] = h
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	units := "usecs"
	if ms {
		units = "msecs"
	}
	for _, id := range ids {
		h := hists[id]
		if perProcess {
			fmt.Printf("\npid = %d %s\n", id, tool.CString(h.Comm[:]))
		} else if perThread {
			fmt.Printf("\ntid = %d %s\n", id, tool.CString(h.Comm[:]))
		}
		printLog2(h.Slots[:], units)
	}
	return nil
}

// printLog2 prints one histogram as libbpf-tools' print_log2_hist does:
// the slots up to the last non-empty one, each with a bar of stars scaled to
// the largest count.
func printLog2(slots []uint32, units string) {
	last, most := -1, uint32(0)
	for i, v := range slots {
		if v > 0 {
			last = i
		}
		most = max(most, v)
	}
	if last < 0 {
		return
	}
	pad, label, width, stars := 5, 19, 10, 40
	if last > 32 {
		pad, label, width, stars = 15, 29, 20, 20
	}
	fmt.Printf("%*s%-*s : count    distribution\n", pad, "", label, units)
	for i := 0; i <= last; i++ {
		low, high := (uint64(1)<<(i+1))>>1, (uint64(1)<<(i+1))-1
		if low == high {
			low--
		}
		n := int(uint64(slots[i]) * uint64(stars) / uint64(most))
		fmt.Printf("%*d -> %-*d : %-8d |%s%s|\n", width, low, width, high, slots[i],
			strings.Repeat("*", n), strings.Repeat(" ", stars-n))
	}
}
