// Command types_layout checks Go types written by `tinybpf types --plain`
// against what bpftool says of the same BTF (`bpftool btf dump ... format
// raw -j`, read from the file named by its only argument): the size of each
// type, the offset of each field, the offset each pointer method returns,
// and the bits each bitfield setter changes. roots_gen.go (written by
// tests/cli/types_test.sh next to the generated types) lists the named types.
// It prints one line per mismatch and "layout: N checked, M wrong".
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"unsafe"
)

type btfType struct {
	ID       int         `json:"id"`
	Kind     string      `json:"kind"`
	Name     string      `json:"name"`
	Size     int         `json:"size"`
	TypeID   int         `json:"type_id"`
	Encoding string      `json:"encoding"`
	Members  []btfMember `json:"members"`
}

type btfMember struct {
	Name         string `json:"name"`
	TypeID       int    `json:"type_id"`
	BitsOffset   int    `json:"bits_offset"`
	BitfieldSize int    `json:"bitfield_size"`
}

type member struct {
	name               string
	typeID             int
	bitOffset, bitSize int
}

var (
	types                   = map[int]*btfType{}
	checked, wrong, skipped int
)

func fail(format string, args ...any) {
	wrong++
	fmt.Printf(format+"\n", args...)
}

func resolve(id int) *btfType {
	for {
		t := types[id]
		switch t.Kind {
		case "TYPEDEF", "CONST", "VOLATILE", "RESTRICT", "TYPE_TAG":
			id = t.TypeID
		default:
			return t
		}
	}
}

// flatten lists the members of a struct or union, those of anonymous
// members included, at offsets from the outer type's start.
func flatten(t *btfType, base int, out []member) []member {
	for _, m := range t.Members {
		if m.Name == "(anon)" || m.Name == "" {
			if m.BitfieldSize == 0 {
				if inner := resolve(m.TypeID); inner.Kind == "STRUCT" || inner.Kind == "UNION" {
					out = flatten(inner, base+m.BitsOffset, out)
				}
			}
			continue
		}
		out = append(out, member{m.Name, m.TypeID, base + m.BitsOffset, m.BitfieldSize})
	}
	return out
}

func camel(s string) string {
	var b strings.Builder
	upper := true
	for _, c := range s {
		if c == '_' {
			upper = true
			continue
		}
		if upper {
			b.WriteString(strings.ToUpper(string(c)))
		} else {
			b.WriteRune(c)
		}
		upper = false
	}
	return b.String()
}

// goNames gives each member the Go name plain mode gives it: CamelCase, or
// the kernel name when that CamelCase is taken.
func goNames(ms []member) map[string]member {
	names := map[string]member{}
	for _, m := range ms {
		n := camel(m.name)
		if _, taken := names[n]; taken || n == "" {
			n = m.name
		}
		if _, taken := names[n]; !taken {
			names[n] = m
		}
	}
	return names
}

func check(where string, g reflect.Type, t *btfType) {
	checked++
	if int(g.Size()) != t.Size {
		fail("%s: Go size %d, bpftool %d", where, g.Size(), t.Size)
	}
	if g.Kind() != reflect.Struct {
		return
	}
	names := goNames(flatten(t, 0, nil))
	seen := map[string]bool{}
	for i := 0; i < g.NumField(); i++ {
		f := g.Field(i)
		if f.Name == "_" || f.Anonymous {
			continue
		}
		checked++
		if strings.HasPrefix(f.Name, "bits") {
			var n uintptr
			fmt.Sscanf(f.Name[4:], "%d", &n)
			if n != f.Offset {
				fail("%s.%s at %d", where, f.Name, f.Offset)
			}
			continue
		}
		m, ok := names[f.Name]
		if !ok {
			fail("%s.%s: bpftool has no such member", where, f.Name)
			continue
		}
		seen[f.Name] = true
		if m.bitSize != 0 || int(f.Offset)*8 != m.bitOffset {
			fail("%s.%s at byte %d, bpftool at bit %d (bitfield %d)", where, f.Name, f.Offset, m.bitOffset, m.bitSize)
		}
		inner := resolve(m.typeID)
		ft := f.Type
		for inner.Kind == "ARRAY" && ft.Kind() == reflect.Array {
			inner, ft = resolve(inner.TypeID), ft.Elem()
		}
		if (inner.Kind == "STRUCT" || inner.Kind == "UNION") && ft.Kind() == reflect.Struct {
			check(where+"."+f.Name, ft, inner)
		}
		// An integer is signed in Go as the BTF says (char aside: C leaves
		// its sign to the compiler, and Go has byte for it).
		if inner.Kind == "INT" && inner.Name != "char" && inner.Encoding != "BOOL" {
			switch ft.Kind() {
			case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				if inner.Encoding != "SIGNED" {
					fail("%s.%s is %s, bpftool: %s, not signed", where, f.Name, ft, inner.Name)
				}
			case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				if inner.Encoding == "SIGNED" {
					fail("%s.%s is %s, bpftool: %s, signed", where, f.Name, ft, inner.Name)
				}
			}
		}
	}
	// Members that are not fields: pointer methods and bitfield accessors.
	p := reflect.New(g)
	base := p.Pointer()
	raw := unsafe.Slice((*byte)(p.UnsafePointer()), g.Size())
	for name, m := range names {
		if seen[name] {
			continue
		}
		if c := name[0]; c < 'A' || c > 'Z' {
			// reflection calls exported methods only
			fmt.Printf("skipped: %s: member %s (Go name %s, unexported)\n", where, m.name, name)
			skipped++
			continue
		}
		checked++
		if m.bitSize == 0 {
			meth := p.MethodByName(name)
			if !meth.IsValid() {
				fail("%s: member %s (bit %d) is neither a field nor a method", where, m.name, m.bitOffset)
				continue
			}
			if off := int(meth.Call(nil)[0].Pointer() - base); off*8 != m.bitOffset {
				fail("%s.%s() points at byte %d, bpftool at bit %d", where, name, off, m.bitOffset)
			}
			continue
		}
		set := p.MethodByName("Set" + name)
		if !set.IsValid() {
			fail("%s: bitfield %s has no setter Set%s", where, m.name, name)
			continue
		}
		clear(raw)
		set.Call([]reflect.Value{reflect.ValueOf(-1).Convert(set.Type().In(0))})
		first, count := -1, 0
		for bit := 0; bit < len(raw)*8; bit++ {
			if raw[bit/8]&(1<<(bit%8)) != 0 {
				if first < 0 {
					first = bit
				}
				count++
			}
		}
		if first != m.bitOffset || count != m.bitSize {
			fail("%s.Set%s sets %d bits from bit %d, bpftool: %d from %d", where, name, count, first, m.bitSize, m.bitOffset)
		}
		get := p.MethodByName(name)
		if !get.IsValid() {
			fail("%s: bitfield %s has no getter %s", where, m.name, name)
			continue
		}
		// What each setter stores, its getter reads back: signed as the
		// member's type is in the BTF (bpftool's encoding), so the
		// extremes of a signed field come back with their sign.
		for _, v := range bitfieldValues(m.bitSize, resolve(m.typeID).Encoding == "SIGNED") {
			clear(raw)
			set.Call([]reflect.Value{reflect.ValueOf(v).Convert(set.Type().In(0))})
			got := get.Call(nil)[0]
			read := int64(0)
			if got.CanInt() {
				read = got.Int()
			} else {
				read = int64(got.Uint())
			}
			if read != v {
				fail("%s.%s() reads %d after Set%s(%d)", where, name, read, name, v)
			}
		}
		clear(raw)
	}
}

// bitfieldValues gives values a bitfield of that many bits holds: 1, the
// largest and, when signed, -1 and the smallest (as int64: an unsigned
// 64-bit field's largest is -1 there).
func bitfieldValues(bits int, signed bool) []int64 {
	if !signed {
		return []int64{1, int64(uint64(1)<<bits - 1)}
	}
	values := []int64{-1, -1 << (bits - 1)}
	if bits > 1 {
		values = append(values, 1, 1<<(bits-1)-1)
	}
	return values
}

var fieldLine = regexp.MustCompile(`field:(.*?)([A-Za-z_][A-Za-z0-9_]*)(\[[^]]*\])?;\s*offset:(\d+);\s*size:(\d+);`)

// checkTracepoint compares a record type with its tracefs format file.
func checkTracepoint(path string, g reflect.Type) {
	f, err := os.Open(path)
	if err != nil {
		fail("%s: %v", path, err)
		return
	}
	defer f.Close()
	fields := map[string]reflect.StructField{}
	for i := 0; i < g.NumField(); i++ {
		fld := g.Field(i)
		if fld.Anonymous { // the common header
			for j := 0; j < fld.Type.NumField(); j++ {
				h := fld.Type.Field(j)
				h.Offset += fld.Offset
				fields["Common"+h.Name] = h
			}
			continue
		}
		fields[fld.Name] = fld
	}
	// TracepointHeader's names for the common fields
	alias := map[string]string{"CommonType": "CommonType", "CommonFlags": "CommonFlags",
		"CommonPreemptCount": "CommonPreemptCount", "CommonPid": "CommonPID"}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		m := fieldLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		n++
		checked++
		name := camel(m[2])
		fld, ok := fields[name]
		if !ok {
			fld, ok = fields[alias[name]]
		}
		var off, size uintptr
		fmt.Sscanf(m[4], "%d", &off)
		fmt.Sscanf(m[5], "%d", &size)
		if !ok {
			fail("%s: field %s (Go %s) missing", path, m[2], name)
		} else if fld.Offset != off || fld.Type.Size() != size {
			fail("%s: %s at %d size %d, format: %d size %d", path, m[2], fld.Offset, fld.Type.Size(), off, size)
		}
	}
	if n == 0 {
		fail("%s: no field lines", path)
	}
}

func main() {
	var dump struct {
		Types []*btfType `json:"types"`
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	if err := json.NewDecoder(f).Decode(&dump); err != nil {
		panic(err)
	}
	byName := map[string]*btfType{}
	for _, t := range dump.Types {
		types[t.ID] = t
		if (t.Kind == "STRUCT" || t.Kind == "UNION") && byName[t.Name] == nil {
			byName[t.Name] = t
		}
	}
	for _, r := range roots {
		t := byName[r.kernel]
		if t == nil {
			fail("bpftool has no struct %s", r.kernel)
			continue
		}
		check(r.kernel, reflect.TypeOf(r.value), t)
	}
	for _, t := range tracepoints {
		checkTracepoint(t.format, reflect.TypeOf(t.value))
	}
	fmt.Printf("layout: %d checked, %d wrong, %d skipped\n", checked, wrong, skipped)
	if wrong > 0 {
		os.Exit(1)
	}
}
