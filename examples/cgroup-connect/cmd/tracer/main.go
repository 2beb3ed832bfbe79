// Command tracer attaches the cgroup connect programs of bpf/ (built into
// build/connect.bpf.o by scripts/build.sh) to a cgroup v2, so that connects
// from its processes to the ports given with -port fail with EPERM, and on
// Ctrl+C prints how many it refused to each port.
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

	"github.com/tinybpf/tinybpf/examples/cgroup-connect/internal/policy"
	"github.com/tinybpf/tinybpf/examples/internal/trace"
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
	var obj, cgroup string
	var ports portList
	var asJSON bool
	flag.StringVar(&obj, "obj", "build/connect.bpf.o", trace.ObjUsage)
	flag.StringVar(&cgroup, "cgroup", "", "cgroup v2 directory `PATH` whose processes are refused (required)")
	flag.Var(&ports, "port", "refuse connects to `PORT`, TCP or UDP, IPv4 or IPv6 (repeatable)")
	flag.BoolVar(&asJSON, "json", false, "print the counts as one JSON object")
	trace.Main("tracer", "-cgroup PATH -port PORT [-port PORT]... [flags]",
		"Makes connect(2) to the given ports fail with EPERM for the processes of one cgroup v2\n"+
			"(and its descendants); on Ctrl+C prints the connects refused to each. Needs root.",
		func(ctx context.Context) error {
			if cgroup == "" || len(ports) == 0 {
				return errors.New("-cgroup and at least one -port are required (see -help)")
			}
			return run(ctx, obj, cgroup, ports, asJSON)
		})
}

func run(ctx context.Context, obj, cgroup string, ports []uint16, asJSON bool) error {
	p, err := policy.Load(obj)
	if err != nil {
		return err
	}
	defer p.Close()
	for _, port := range ports {
		if err := p.Refuse(port); err != nil {
			return err
		}
	}
	if err := p.Attach(cgroup); err != nil {
		return err
	}
	log.Printf("attached to cgroup %s (connect4, connect6), refusing ports %s; Ctrl+C to stop", cgroup, (*portList)(&ports))
	<-ctx.Done()
	if err := p.Detach(); err != nil {
		return err
	}
	counts, err := p.Counts()
	if err != nil {
		return err
	}
	log.Printf("detached from cgroup %s", cgroup)
	if asJSON {
		return json.NewEncoder(os.Stdout).Encode(struct {
			Cgroup string             `json:"cgroup"`
			Ports  []policy.PortCount `json:"ports"`
		}{cgroup, counts})
	}
	for _, c := range counts {
		fmt.Printf("port %d: refused %d connects\n", c.Port, c.Refused)
	}
	return nil
}
