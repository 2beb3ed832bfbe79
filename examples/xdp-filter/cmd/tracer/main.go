// Command tracer attaches the XDP program of bpf/ (built into
// build/filter.bpf.o by scripts/build.sh) to a network interface, has it drop
// every packet from the source addresses given with -block, and on Ctrl+C
// prints how many packets it dropped from each and how many it passed.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/netip"
	"os"
	"strings"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/xdp-filter/internal/filter"
)

// addrList is the repeatable -block flag.
type addrList []netip.Addr

func (l *addrList) String() string {
	s := make([]string, len(*l))
	for i, a := range *l {
		s[i] = a.String()
	}
	return strings.Join(s, ",")
}

func (l *addrList) Set(v string) error {
	a, err := netip.ParseAddr(v)
	if err != nil {
		return fmt.Errorf("not an IPv4 or IPv6 address: %q", v)
	}
	*l = append(*l, a.Unmap())
	return nil
}

func main() {
	var obj, iface string
	var blocked addrList
	var asJSON bool
	flag.StringVar(&obj, "obj", "build/filter.bpf.o", trace.ObjUsage)
	flag.StringVar(&iface, "iface", "", "network interface `NAME` to attach to (required)")
	flag.Var(&blocked, "block", "drop packets from source `ADDR`, IPv4 or IPv6 (repeatable)")
	flag.BoolVar(&asJSON, "json", false, "print the counts as one JSON object")
	trace.Main("tracer", "-iface NAME -block ADDR [-block ADDR]... [flags]",
		"Drops, with XDP, the packets that arrive on an interface from the given source addresses;\n"+
			"on Ctrl+C prints the packets dropped from each and those passed. Needs root.",
		func(ctx context.Context) error {
			if iface == "" || len(blocked) == 0 {
				return errors.New("-iface and at least one -block are required (see -help)")
			}
			return run(ctx, obj, iface, blocked, asJSON)
		})
}

func run(ctx context.Context, obj, iface string, blocked []netip.Addr, asJSON bool) error {
	f, err := filter.Load(obj)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, a := range blocked {
		if err := f.Block(a); err != nil {
			return err
		}
	}
	if err := f.Attach(iface); err != nil {
		return err
	}
	log.Printf("attached to xdp on %s, blocking %s; Ctrl+C to stop", iface, (*addrList)(&blocked))
	<-ctx.Done()
	if err := f.Detach(); err != nil {
		return err
	}
	c, err := f.Counts()
	if err != nil {
		return err
	}
	log.Printf("detached from %s", iface)
	if asJSON {
		return json.NewEncoder(os.Stdout).Encode(c)
	}
	for _, b := range c.Blocked {
		fmt.Printf("dropped %d packets from %s\n", b.Dropped, b.Addr)
	}
	fmt.Printf("passed %d packets\n", c.Passed)
	return nil
}
