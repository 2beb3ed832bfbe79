// Command tracer attaches the tc programs of bpf/ (built into
// build/filter.bpf.o by scripts/build.sh) to a network interface, has them
// drop the TCP and UDP packets to the ports given with -port, and on Ctrl+C
// prints how many packets it dropped to each port, per direction.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/tc-filter/internal/filter"
)

// portList is the repeatable -port flag.
type portList []uint16

func (l *portList) String() string {
	s := make([]string, len(*l))
	for i, p := range *l {
		s[i] = strconv.Itoa(int(p))
	}
	return strings.Join(s, ",")
}

func (l *portList) Set(v string) error {
	p, err := strconv.ParseUint(v, 10, 16)
	if err != nil || p == 0 {
		return fmt.Errorf("not a port (1-65535): %q", v)
	}
	*l = append(*l, uint16(p))
	return nil
}

func main() {
	var obj, iface, direction, mode string
	var ports portList
	var asJSON bool
	flag.StringVar(&obj, "obj", "build/filter.bpf.o", trace.ObjUsage)
	flag.StringVar(&iface, "iface", "", "network interface `NAME` to attach to (required)")
	flag.Var(&ports, "port", "drop TCP and UDP packets to destination `PORT` (repeatable)")
	flag.StringVar(&direction, "direction", "both", "`DIR`: ingress, egress or both")
	flag.StringVar(&mode, "attach", "auto", "`MODE`: auto (tcx where the kernel has it, Linux 6.6, else clsact), tcx or clsact")
	flag.BoolVar(&asJSON, "json", false, "print the counts as one JSON object")
	trace.Main("tracer", "-iface NAME -port PORT [-port PORT]... [flags]",
		"Drops, with tc programs, the TCP and UDP packets an interface receives or sends to the given\n"+
			"destination ports; on Ctrl+C prints the packets dropped to each, per direction. Needs root.",
		func(ctx context.Context) error {
			if iface == "" || len(ports) == 0 {
				return errors.New("-iface and at least one -port are required (see -help)")
			}
			dirs, ok := map[string][]filter.Direction{
				"ingress": {filter.Ingress}, "egress": {filter.Egress}, "both": {filter.Ingress, filter.Egress},
			}[direction]
			if !ok {
				return fmt.Errorf("-direction: %q is not ingress, egress or both", direction)
			}
			if m := filter.Mode(mode); m != filter.Auto && m != filter.TCX && m != filter.Clsact {
				return fmt.Errorf("-attach: %q is not auto, tcx or clsact", mode)
			}
			return run(ctx, obj, iface, ports, dirs, filter.Mode(mode), asJSON)
		})
}

func run(ctx context.Context, obj, iface string, ports []uint16, dirs []filter.Direction, mode filter.Mode, asJSON bool) error {
	f, err := filter.Load(obj)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, p := range ports {
		if err := f.Block(p); err != nil {
			return err
		}
	}
	how, err := f.Attach(iface, dirs, mode)
	if err != nil {
		return err
	}
	names := make([]string, len(dirs))
	for i, d := range dirs {
		names[i] = d.String()
	}
	log.Printf("attached to %s %s with %s, dropping ports %s; Ctrl+C to stop",
		iface, strings.Join(names, "+"), how, (*portList)(&ports))
	<-ctx.Done()
	if err := f.Detach(); err != nil {
		return err
	}
	counts, err := f.Counts()
	if err != nil {
		return err
	}
	log.Printf("detached from %s", iface)
	if asJSON {
		return json.NewEncoder(os.Stdout).Encode(struct {
			Attach string             `json:"attach"`
			Ports  []filter.PortCount `json:"ports"`
		}{how, counts})
	}
	for _, c := range counts {
		fmt.Printf("port %d: dropped %d ingress, %d egress\n", c.Port, c.Ingress, c.Egress)
	}
	return nil
}
