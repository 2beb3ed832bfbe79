package tinybpftest

import (
	"testing"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/btf"
)

// flowKey and flowStats mirror the Go types of tests/testdata/map_typed.
type flowKey struct {
	Addr  uint32
	Port  uint16
	Proto uint8
	Flags uint8
}

type flowStats struct {
	Packets uint64
	Bytes   uint64
	Last    uint32
	_       uint32
}

// memberNames lists a struct's members as name:offset-in-bits.
func memberNames(s *btf.Struct) []string {
	var out []string
	for _, m := range s.Members {
		out = append(out, m.Name+":"+itoa(uint32(m.Offset)))
	}
	return out
}

func itoa(v uint32) string {
	if v < 10 {
		return string(rune('0' + v))
	}
	return itoa(v/10) + string(rune('0'+v%10))
}

// typedefStruct checks that t is the Go named type `name` over a struct of
// `size` bytes, and returns that struct.
func typedefStruct(t *testing.T, typ btf.Type, name string, size uint32) *btf.Struct {
	t.Helper()
	td, ok := typ.(*btf.Typedef)
	if !ok || td.Name != name {
		t.Fatalf("type %v, want typedef %s", typ, name)
	}
	s, ok := td.Type.(*btf.Struct)
	if !ok || s.Size != size {
		t.Fatalf("%s is %v, want a struct of %d bytes", name, td.Type, size)
	}
	return s
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// tests/testdata/map_typed: the typed Key and Value of a map definition are
// the map's key and value types for cilium/ebpf too.
func TestTypedMapKeysAndValues(t *testing.T) {
	spec := loadSpec(t, "TINYBPF_MAP_TYPED_OBJ")
	flows := spec.Maps["flows"]
	if flows == nil || flows.Type != ebpf.Hash || flows.KeySize != 8 || flows.ValueSize != 24 ||
		flows.MaxEntries != 128 {
		t.Fatalf("flows: %+v", flows)
	}
	key := typedefStruct(t, flows.Key, "flowKey", 8)
	if got, want := memberNames(key), []string{"Addr:0", "Port:32", "Proto:48", "Flags:56"}; !equal(got, want) {
		t.Errorf("flowKey members %v, want %v", got, want)
	}
	value := typedefStruct(t, flows.Value, "flowStats", 24)
	if got, want := memberNames(value), []string{"Packets:0", "Bytes:64", "Last:128"}; !equal(got, want) {
		t.Errorf("flowStats members %v, want %v", got, want)
	}
	totals := spec.Maps["totals"]
	if k, ok := totals.Key.(*btf.Int); !ok || k.Name != "uint32" || k.Size != 4 {
		t.Errorf("totals key %v, want uint32", totals.Key)
	}
	if v, ok := totals.Value.(*btf.Int); !ok || v.Name != "uint64" || v.Size != 8 {
		t.Errorf("totals value %v, want uint64", totals.Value)
	}

	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer coll.Close()
	info, err := coll.Maps["flows"].Info()
	if err != nil {
		t.Fatal(err)
	}
	if info.KeySize != 8 || info.ValueSize != 24 {
		t.Errorf("kernel's flows: key %d value %d bytes", info.KeySize, info.ValueSize)
	}
	if _, ok := info.BTFID(); !ok {
		t.Error("the kernel's flows map has no BTF")
	}
	for i := 0; i < 2; i++ {
		if got := runXDP(t, coll.Programs["count_flow"]); got != xdpPass {
			t.Fatalf("verdict %d", got)
		}
	}
	var stats flowStats
	if err := coll.Maps["flows"].Lookup(flowKey{0x0a000001, 443, 6, 1}, &stats); err != nil {
		t.Fatal(err)
	}
	if stats.Packets != 2 || stats.Bytes != 128 || stats.Last != 64 {
		t.Errorf("flow stats %+v, want 2 packets, 128 bytes, last 64", stats)
	}
}

// tests/testdata/map_in_map: inner map templates, initial slots and a tail
// call, through cilium/ebpf.
func TestMapInMapAndTailCall(t *testing.T) {
	spec := loadSpec(t, "TINYBPF_MAP_IN_MAP_OBJ")
	paths, byName := spec.Maps["paths"], spec.Maps["byName"]
	if paths.Type != ebpf.ArrayOfMaps || paths.KeySize != 4 || paths.ValueSize != 4 || paths.MaxEntries != 2 {
		t.Fatalf("paths: %+v", paths)
	}
	if byName.Type != ebpf.HashOfMaps || byName.KeySize != 8 || byName.MaxEntries != 4 {
		t.Fatalf("byName: %+v", byName)
	}
	for _, outer := range []*ebpf.MapSpec{paths, byName} {
		inner := outer.InnerMap
		if inner == nil || inner.Type != ebpf.Array || inner.KeySize != 4 || inner.ValueSize != 8 ||
			inner.MaxEntries != 1 {
			t.Fatalf("%s's inner map: %+v", outer.Name, inner)
		}
	}
	if len(paths.Contents) != 2 || paths.Contents[0].Value != "fastPath" || paths.Contents[1].Value != "slowPath" {
		t.Fatalf("paths contents %v", paths.Contents)
	}
	if spec.Maps["jumps"].Type != ebpf.ProgramArray {
		t.Fatalf("jumps: %+v", spec.Maps["jumps"])
	}

	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer coll.Close()
	count := func(m *ebpf.Map) uint64 {
		var v uint64
		if err := m.Lookup(uint32(0), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	added, err := ebpf.NewMap(byName.InnerMap)
	if err != nil {
		t.Fatal(err)
	}
	defer added.Close()
	if err := coll.Maps["byName"].Put(uint64(7), added); err != nil {
		t.Fatal(err)
	}
	route := coll.Programs["route"]
	if got := runXDP(t, route); got != xdpPass {
		t.Errorf("route without a tail-call target: verdict %d, want pass", got)
	}
	if err := coll.Maps["jumps"].Put(uint32(0), coll.Programs["drop"]); err != nil {
		t.Fatal(err)
	}
	if got := runXDP(t, route); got != xdpDrop {
		t.Errorf("route with drop in jumps[0]: verdict %d, want drop", got)
	}
	if s, f, a := count(coll.Maps["slowPath"]), count(coll.Maps["fastPath"]), count(added); s != 2 || f != 1 || a != 2 {
		t.Errorf("counts: slowPath %d fastPath %d added %d, want 2, 1, 2", s, f, a)
	}
}
