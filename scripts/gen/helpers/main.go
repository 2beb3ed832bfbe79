// Command helpers generates, from the kernel's UAPI header <linux/bpf.h>:
//
//   - bpf/helpers_gen.go: every BPF helper as a typed, body-less Go function
//     declared //export bpf_<name> (TinyGo only), with the UAPI documentation;
//   - bpf/helpers_stub_gen.go: the same signatures with bodies that panic, so
//     that standard Go tooling (go doc, go vet, IDEs) reads the package;
//   - bpf/maps_gen.go: map types (enum bpf_map_type) and the flags the
//     SDK's maps take;
//   - src/lib/passes/helper_table.h: each helper's id, name and the kinds of
//     its arguments and result, which tinybpf's helpers pass checks calls
//     against.
//
// The helper ids come from ___BPF_FUNC_MAPPER (FN(name, id, ctx) since 6.1),
// the prototypes from the doc comment above it, the constants from the enums
// that define them. Run from the repository root (make sdk-gen):
//
//	go run ./scripts/gen/helpers [-header /usr/include/linux/bpf.h] [-check]
//
// With -check it writes nothing and exits 1 if a file differs from what it
// would write (tests/cli/helper_table_test.sh).
//
// The generator lives in the root module, beside the bpf package it writes,
// because it reads that package (to map context structs to the Go context
// types the package declares) and needs only the standard library.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

const generatorPath = "scripts/gen/helpers"

// contextTypes maps the structs helper prototypes name to the SDK's Go
// context types. The prototypes use the kernel's internal names for some
// (sk_buff, xdp_buff, sk_msg_buff), which programs see as the UAPI structs
// (__sk_buff, xdp_md, sk_msg_md): libbpf's bpf_doc.py maps them the same way.
// A Go type the bpf package does not declare (yet) leaves unsafe.Pointer.
var contextTypes = map[string]string{
	"struct sk_buff":                 "SkBuff",
	"struct __sk_buff":               "SkBuff",
	"struct xdp_buff":                "XdpMd",
	"struct xdp_md":                  "XdpMd",
	"struct bpf_sock":                "Sock",
	"struct bpf_sock_addr":           "SockAddr",
	"struct bpf_sock_ops":            "SockOps",
	"struct sk_msg_buff":             "SkMsgMd",
	"struct sk_msg_md":               "SkMsgMd",
	"struct bpf_sk_lookup":           "SkLookup",
	"struct sk_reuseport_md":         "SkReuseportMd",
	"struct bpf_sysctl":              "Sysctl",
	"struct bpf_sockopt":             "Sockopt",
	"struct bpf_perf_event_data":     "PerfEventData",
	"struct pt_regs":                 "PtRegs",
	"struct bpf_flow_keys":           "FlowKeys",
	"struct bpf_cgroup_dev_ctx":      "CgroupDevCtx",
	"struct bpf_raw_tracepoint_args": "RawTracepointArgs",
}

// Integer types of the prototypes: Go type, and the width the checker wants.
var integers = map[string]struct {
	goType string
	bytes  int
}{
	"u8": {"uint8", 1}, "__u8": {"uint8", 1}, "s8": {"int8", 1}, "char": {"int8", 1},
	"u16": {"uint16", 2}, "__u16": {"uint16", 2}, "s16": {"int16", 2},
	"__be16": {"Be16", 2},
	"u32":    {"uint32", 4}, "__u32": {"uint32", 4}, "s32": {"int32", 4}, "int": {"int32", 4},
	"unsigned int": {"uint32", 4}, "__be32": {"Be32", 4}, "__wsum": {"uint32", 4},
	"u64": {"uint64", 8}, "__u64": {"uint64", 8}, "s64": {"int64", 8}, "long": {"int64", 8},
	"unsigned long": {"uint64", 8}, "size_t": {"uint64", 8}, "long long": {"int64", 8},
	"unsigned long long": {"uint64", 8},
}

// Fallbacks for SDK integer types the package does not declare (yet).
var integerFallback = map[string]string{"Be16": "uint16", "Be32": "uint32"}

// Constants the SDK exports beside the map types, by kernel name. The values
// come from the header; only the Go names are chosen here (cilium/ebpf's
// names where user space has the same flag: ebpf.UpdateAny, ...).
var exportedConstants = []struct{ kernel, goName, doc string }{
	{"BPF_ANY", "UpdateAny", "Map Update: create an entry or replace one (BPF_ANY)."},
	{"BPF_NOEXIST", "UpdateNoExist", "Map Update: create an entry; fail if the key exists (BPF_NOEXIST)."},
	{"BPF_EXIST", "UpdateExist", "Map Update: replace an entry; fail if the key is absent (BPF_EXIST)."},
	{"BPF_F_LOCK", "UpdateLock", "Map Update: take the value's bpf_spin_lock (BPF_F_LOCK)."},
	{"BPF_F_CURRENT_CPU", "CurrentCPU", "PerfEventArray.Output: the ring of the CPU the program runs on (BPF_F_CURRENT_CPU)."},
	{"BPF_RB_NO_WAKEUP", "RingbufNoWakeup", "RingBuf Output/Submit/Discard: do not wake the reader (BPF_RB_NO_WAKEUP)."},
	{"BPF_RB_FORCE_WAKEUP", "RingbufForceWakeup", "RingBuf Output/Submit/Discard: wake the reader now (BPF_RB_FORCE_WAKEUP)."},
	{"BPF_LOCAL_STORAGE_GET_F_CREATE", "StorageCreate", "Storage Get: create the owner's value when it has none (BPF_LOCAL_STORAGE_GET_F_CREATE)."},
}

// goKeywords renames C parameter names Go reserves.
var goKeywords = map[string]string{"map": "m", "type": "typ", "func": "fn", "range": "rng"}

type param struct {
	cDecl  string // "u32 size"
	cType  string // "u32", "const void *"
	name   string // C name
	goName string
	goType string
	kind   byte // 'p' pointer, or the integer's width in bytes
}

type helper struct {
	name     string // without bpf_
	id       int
	proto    string // the C prototype line
	ret      param  // name unused; kind 'v' for void
	params   []param
	variadic bool
	doc      []string // Description and Return, Go doc text
}

var protoRE = regexp.MustCompile(`^ \* (\S.*?[ *])bpf_([a-z0-9_]+)\((.*)\)$`)
var mapperRE = regexp.MustCompile(`^\s*FN\(([a-z0-9_]+), ([0-9]+), ##ctx\)`)

func main() {
	header := flag.String("header", "/usr/include/linux/bpf.h", "UAPI header to read")
	root := flag.String("root", ".", "repository root")
	check := flag.Bool("check", false, "write nothing; fail if a generated file is out of date")
	flag.Parse()
	if err := run(*header, *root, *check); err != nil {
		fmt.Fprintln(os.Stderr, "gen/helpers:", err)
		os.Exit(1)
	}
}

func run(headerPath, root string, check bool) error {
	text, err := os.ReadFile(headerPath)
	if err != nil {
		return fmt.Errorf("%v (install linux-libc-dev)", err)
	}
	lines := strings.Split(string(text), "\n")
	declared, err := declaredTypes(filepath.Join(root, "bpf"))
	if err != nil {
		return err
	}
	protos, err := parsePrototypes(lines)
	if err != nil {
		return err
	}
	helpers, err := parseMapper(lines, protos)
	if err != nil {
		return err
	}
	for _, h := range helpers {
		if err := h.resolveTypes(declared); err != nil {
			return err
		}
	}
	consts := evalEnums(lines)
	src := filepath.Base(headerPath)
	outputs := []struct {
		path string
		text []byte
	}{
		{"bpf/helpers_gen.go", goHelpers(helpers, src, true)},
		{"bpf/helpers_stub_gen.go", goHelpers(helpers, src, false)},
		{"bpf/maps_gen.go", goConstants(lines, consts, src)},
		{"src/lib/passes/helper_table.h", cTable(helpers, src)},
	}
	for _, o := range outputs {
		text := o.text
		if strings.HasSuffix(o.path, ".go") {
			formatted, err := format.Source(text)
			if err != nil {
				return fmt.Errorf("%s: %v", o.path, err)
			}
			text = formatted
		}
		if check {
			old, err := os.ReadFile(filepath.Join(root, o.path))
			if err != nil || !bytes.Equal(old, text) {
				return fmt.Errorf("%s is not what %s writes from %s: run make sdk-gen", o.path, generatorPath, headerPath)
			}
			continue
		}
		if err := writeAtomically(filepath.Join(root, o.path), text); err != nil {
			return err
		}
	}
	fmt.Printf("gen/helpers: %d helpers from %s\n", len(helpers), headerPath)
	return nil
}

func writeAtomically(path string, text []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, text, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// The files this generator writes in bpf/; every other file of the package
// may declare types the helpers use (the contexts' generator writes some).
var ownFiles = map[string]bool{"helpers_gen.go": true, "helpers_stub_gen.go": true, "maps_gen.go": true}

// declaredTypes lists the type names the bpf package declares in files this
// generator does not write.
func declaredTypes(dir string) (map[string]bool, error) {
	fset := token.NewFileSet()
	names := map[string]bool{}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	for _, path := range files {
		if ownFiles[filepath.Base(path)] || strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, decl := range f.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, spec := range g.Specs {
				names[spec.(*ast.TypeSpec).Name.Name] = true
			}
		}
	}
	return names, nil
}

// parsePrototypes reads " * <type> bpf_<name>(<args>)" lines and the
// Description and Return text after each. A helper may have several
// prototypes (one per context it accepts); all are kept.
func parsePrototypes(lines []string) (map[string][]*helper, error) {
	protos := map[string][]*helper{}
	var cur *helper
	inHelpers := false
	for _, line := range lines {
		if strings.Contains(line, "Start of BPF helper function descriptions") {
			inHelpers = true
			continue
		}
		if !inHelpers {
			continue
		}
		if strings.HasPrefix(line, " */") {
			break
		}
		if m := protoRE.FindStringSubmatch(line); m != nil {
			cur = &helper{name: m[2], proto: strings.TrimPrefix(line, " * ")}
			ret := strings.TrimSpace(m[1])
			if ret == "void" {
				cur.ret = param{kind: 'v'}
			} else {
				cur.ret = param{cType: ret}
			}
			if m[3] != "void" {
				for i, arg := range strings.Split(m[3], ",") {
					arg = strings.TrimSpace(arg)
					if arg == "..." {
						cur.variadic = true
						continue
					}
					p, err := splitDecl(arg)
					if err != nil {
						return nil, fmt.Errorf("bpf_%s argument %d: %v", m[2], i+1, err)
					}
					cur.params = append(cur.params, p)
				}
			}
			protos[cur.name] = append(protos[cur.name], cur)
			continue
		}
		if cur != nil {
			cur.doc = append(cur.doc, strings.TrimPrefix(strings.TrimPrefix(line, " *"), " "))
		}
	}
	if len(protos) < 100 {
		return nil, fmt.Errorf("only %d helper prototypes found", len(protos))
	}
	return protos, nil
}

// splitDecl splits "const void *unsafe_ptr" into its type and name.
func splitDecl(arg string) (param, error) {
	i := strings.LastIndexAny(arg, " *")
	if i < 0 || i == len(arg)-1 {
		return param{}, fmt.Errorf("cannot read %q", arg)
	}
	return param{cDecl: arg, cType: strings.TrimSpace(arg[:i+1]), name: arg[i+1:]}, nil
}

// parseMapper reads the ids from ___BPF_FUNC_MAPPER and merges each helper's
// prototypes: where they differ in a pointer argument (bpf_get_socket_cookie
// takes any of four contexts), that argument is a plain pointer.
func parseMapper(lines []string, protos map[string][]*helper) ([]*helper, error) {
	var out []*helper
	in := false
	for _, line := range lines {
		if strings.HasPrefix(line, "#define ___BPF_FUNC_MAPPER(") {
			in = true
			continue
		}
		if !in {
			continue
		}
		m := mapperRE.FindStringSubmatch(line)
		if m == nil {
			if strings.Contains(line, "FN(") {
				return nil, fmt.Errorf("cannot read mapper line %q", line)
			}
			break
		}
		id, _ := strconv.Atoi(m[2])
		if m[1] == "unspec" {
			continue
		}
		list := protos[m[1]]
		if len(list) == 0 {
			return nil, fmt.Errorf("no prototype for bpf_%s", m[1])
		}
		h := *list[0]
		h.id = id
		h.params = append([]param(nil), h.params...)
		for _, other := range list[1:] {
			if len(other.params) != len(h.params) || other.variadic != h.variadic {
				return nil, fmt.Errorf("bpf_%s: prototypes differ in their arguments", h.name)
			}
			for i := range h.params {
				a, b := h.params[i], other.params[i]
				if a.cType == b.cType {
					continue
				}
				if !strings.HasSuffix(a.cType, "*") || !strings.HasSuffix(b.cType, "*") {
					return nil, fmt.Errorf("bpf_%s: prototypes differ in argument %d", h.name, i+1)
				}
				h.params[i] = param{cDecl: "void *" + pickName(a.name, b.name), cType: "void *",
					name: pickName(a.name, b.name)}
			}
		}
		if len(list) > 1 {
			h.proto = mergedProto(&h)
		}
		out = append(out, &h)
	}
	if len(out) < 100 {
		return nil, fmt.Errorf("only %d helpers in ___BPF_FUNC_MAPPER (its FN(name, id, ##ctx) format changed?)", len(out))
	}
	return out, nil
}

func pickName(a, b string) string {
	if a == b {
		return a
	}
	return "ctx"
}

func mergedProto(h *helper) string {
	var args []string
	for _, p := range h.params {
		args = append(args, p.cDecl)
	}
	ret := h.ret.cType
	if h.ret.kind == 'v' {
		ret = "void"
	}
	sep := " "
	if strings.HasSuffix(ret, "*") {
		sep = ""
	}
	return fmt.Sprintf("%s%sbpf_%s(%s)", ret, sep, h.name, strings.Join(args, ", "))
}

func (h *helper) resolveTypes(declared map[string]bool) error {
	seen := map[string]bool{}
	for i := range h.params {
		p := &h.params[i]
		if err := resolve(p, declared); err != nil {
			return fmt.Errorf("bpf_%s: %v", h.name, err)
		}
		p.goName = goParamName(p.name)
		for seen[p.goName] {
			p.goName += "_"
		}
		seen[p.goName] = true
	}
	if h.ret.kind == 'v' {
		return nil
	}
	if err := resolve(&h.ret, declared); err != nil {
		return fmt.Errorf("bpf_%s result: %v", h.name, err)
	}
	return nil
}

func resolve(p *param, declared map[string]bool) error {
	t := strings.TrimSpace(strings.TrimPrefix(p.cType, "const "))
	if strings.HasSuffix(t, "*") {
		p.kind = 'p'
		p.goType = "unsafe.Pointer"
		base := strings.TrimSpace(strings.TrimSuffix(t, "*"))
		if name, ok := contextTypes[base]; ok && declared[name] && !strings.HasSuffix(base, "*") {
			p.goType = "*" + name
		}
		return nil
	}
	in, ok := integers[t]
	if !ok {
		return fmt.Errorf("no Go type for C type %q", p.cType)
	}
	p.kind = byte('0' + in.bytes)
	p.goType = in.goType
	if fallback, ok := integerFallback[in.goType]; ok && !declared[in.goType] {
		p.goType = fallback
	}
	return nil
}

// goParamName: "unsafe_ptr" -> "unsafePtr", keywords renamed.
func goParamName(c string) string {
	if r, ok := goKeywords[c]; ok {
		return r
	}
	parts := strings.Split(c, "_")
	out := parts[0]
	for _, p := range parts[1:] {
		if p != "" {
			out += strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return out
}

// GoName: "get_current_pid_tgid" -> "GetCurrentPidTgid".
func GoName(kernel string) string {
	var b strings.Builder
	for _, p := range strings.Split(kernel, "_") {
		if p != "" {
			b.WriteString(strings.ToUpper(p[:1]) + p[1:])
		}
	}
	return b.String()
}

// rstRE strips the UAPI comment's reStructuredText markup: **bold**,
// *emphasis*, “literal“ and the "\ " joiners.
var rstRE = strings.NewReplacer("**", "", "``", "", "\\ ", "", "\\", "")
var emphasisRE = regexp.MustCompile(`\*([^*\s][^*]*)\*`)

// goDoc turns the Description and Return sections into Go doc lines: text
// paragraphs at two tabs, literal blocks (after "::") deeper, which Go doc
// shows as code.
func goDoc(h *helper) []string {
	var out []string
	section := ""
	for _, raw := range h.doc {
		line := strings.TrimRight(raw, " \t")
		trimmed := strings.TrimLeft(line, "\t ")
		tabs := len(line) - len(strings.TrimLeft(line, "\t"))
		switch {
		case tabs == 1 && (trimmed == "Description" || trimmed == "Return"):
			section = trimmed
			if len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			if section == "Return" {
				out = append(out, "Returns:", "")
			}
			continue
		case trimmed == "":
			if len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			continue
		case trimmed == "::":
			continue
		}
		if section == "" {
			continue
		}
		if tabs >= 3 {
			out = append(out, "\t"+line[3:])
			continue
		}
		text := emphasisRE.ReplaceAllString(rstRE.Replace(trimmed), "$1")
		if strings.HasSuffix(text, "::") {
			text = strings.TrimSuffix(text, ":")
		}
		out = append(out, text)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

func header(b *bytes.Buffer, src string) {
	fmt.Fprintf(b, "// Code generated by %s from %s; DO NOT EDIT.\n\n", generatorPath, src)
}

func goHelpers(helpers []*helper, src string, tinygo bool) []byte {
	var b bytes.Buffer
	header(&b, src)
	if tinygo {
		b.WriteString("//go:build tinygo\n\n")
	} else {
		b.WriteString("//go:build !tinygo\n\n")
	}
	b.WriteString("package bpf\n\nimport \"unsafe\"\n\n")
	if !tinygo {
		b.WriteString("// The BPF helpers for standard Go tooling: same signatures and documentation as\n" +
			"// helpers_gen.go, bodies that panic. Helpers run only in BPF programs.\n\n" +
			"var _ unsafe.Pointer\n\n")
	} else {
		b.WriteString("// Every BPF helper of the kernel's UAPI table, declared without a body and\n" +
			"// exported under its kernel name: tinybpf turns each call into a call of the\n" +
			"// helper's number (docs/sdk.md#helpers).\n\n" +
			"var _ unsafe.Pointer\n\n")
	}
	for _, h := range helpers {
		name := GoName(h.name)
		fmt.Fprintf(&b, "// %s is helper %d, bpf_%s:\n//\n//\t%s\n", name, h.id, h.name, h.proto)
		doc := goDoc(h)
		if len(doc) > 0 {
			b.WriteString("//\n")
		}
		for _, line := range doc {
			if line == "" {
				b.WriteString("//\n")
			} else {
				fmt.Fprintf(&b, "// %s\n", line)
			}
		}
		var args []string
		for _, p := range h.params {
			args = append(args, p.goName+" "+p.goType)
		}
		if h.variadic {
			// bpf_trace_printk: the kernel reads up to 5 argument registers.
			for i := len(h.params); i < 5; i++ {
				args = append(args, fmt.Sprintf("arg%d uint64", i-len(h.params)+1))
			}
		}
		result := ""
		if h.ret.kind != 'v' {
			result = " " + h.ret.goType
		}
		sig := fmt.Sprintf("func %s(%s)%s", name, strings.Join(args, ", "), result)
		if tinygo {
			fmt.Fprintf(&b, "//\n//export bpf_%s\n%s\n\n", h.name, sig)
		} else {
			fmt.Fprintf(&b, "%s {\n\tpanic(%q)\n}\n\n", sig,
				"bpf."+name+" is a BPF helper: it runs only in a BPF program built with TinyGo and tinybpf")
		}
	}
	return b.Bytes()
}

// evalEnums evaluates the enumerators of every enum in the header: implicit
// increments, integer literals with U/L suffixes, (1U << n), earlier names.
func evalEnums(lines []string) map[string]int64 {
	values := map[string]int64{}
	enumRE := regexp.MustCompile(`^enum( [a-z_0-9]+)? \{`)
	itemRE := regexp.MustCompile(`^\s*([A-Z][A-Z0-9_]*)\s*(?:=\s*(.*?))?,?\s*(?:/\*.*)?$`)
	in := false
	next := int64(0)
	for _, line := range lines {
		if enumRE.MatchString(line) {
			in, next = true, 0
			continue
		}
		if !in {
			continue
		}
		if strings.HasPrefix(line, "}") {
			in = false
			continue
		}
		m := itemRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		v := next
		if m[2] != "" {
			var ok bool
			v, ok = evalExpr(strings.TrimSuffix(strings.TrimSpace(m[2]), ","), values)
			if !ok {
				continue
			}
		}
		values[m[1]] = v
		next = v + 1
	}
	return values
}

var shiftRE = regexp.MustCompile(`^\(?\s*(\w+)\s*<<\s*(\w+)\s*\)?$`)

func evalExpr(e string, values map[string]int64) (int64, bool) {
	e = strings.TrimSpace(e)
	if m := shiftRE.FindStringSubmatch(e); m != nil {
		a, ok1 := evalExpr(m[1], values)
		n, ok2 := evalExpr(m[2], values)
		return a << n, ok1 && ok2
	}
	if strings.HasPrefix(e, "(") && strings.HasSuffix(e, ")") {
		return evalExpr(e[1:len(e)-1], values)
	}
	if v, ok := values[e]; ok {
		return v, true
	}
	lit := strings.TrimRight(e, "ULul")
	v, err := strconv.ParseInt(lit, 0, 64)
	if err != nil {
		u, err := strconv.ParseUint(lit, 0, 64)
		if err != nil {
			return 0, false
		}
		v = int64(u)
	}
	return v, true
}

// mapTypes lists enum bpf_map_type in order, without aliases and markers.
func mapTypes(lines []string) []string {
	var out []string
	in := false
	for _, line := range lines {
		if strings.HasPrefix(line, "enum bpf_map_type {") {
			in = true
			continue
		}
		if in && strings.HasPrefix(line, "}") {
			break
		}
		t := strings.TrimSpace(line)
		if in && strings.HasPrefix(t, "BPF_MAP_TYPE_") && !strings.Contains(t, "=") {
			out = append(out, strings.TrimSuffix(t, ","))
		}
	}
	return out
}

func goConstants(lines []string, values map[string]int64, src string) []byte {
	var b bytes.Buffer
	header(&b, src)
	b.WriteString("package bpf\n\n// Map types, enum bpf_map_type: the Type of a bpfMapDef-style map, and what\n" +
		"// each of the SDK's map kinds encodes.\nconst (\n")
	types := mapTypes(lines)
	for _, t := range types {
		v, ok := values[t]
		if !ok {
			panic("no value for " + t)
		}
		fmt.Fprintf(&b, "\tMapType%s = %d // %s\n", GoName(strings.ToLower(strings.TrimPrefix(t, "BPF_MAP_TYPE_"))), v, t)
	}
	b.WriteString(")\n\n// Map flags (the Flags of a map, BTF map_flags): the flags of BPF_MAP_CREATE.\nconst (\n")
	var flags []string
	for name := range values {
		if strings.HasPrefix(name, "BPF_F_") && isMapCreateFlag(lines, name) {
			flags = append(flags, name)
		}
	}
	sort.Slice(flags, func(i, j int) bool { return values[flags[i]] < values[flags[j]] })
	for _, f := range flags {
		fmt.Fprintf(&b, "\tMap%s = 0x%x // %s\n", GoName(strings.ToLower(strings.TrimPrefix(f, "BPF_F_"))), values[f], f)
	}
	b.WriteString(")\n\n")
	for _, c := range exportedConstants {
		v, ok := values[c.kernel]
		if !ok {
			panic("no value for " + c.kernel)
		}
		fmt.Fprintf(&b, "// %s\nconst %s = 0x%x\n\n", c.doc, c.goName, uint64(v))
	}
	return b.Bytes()
}

// isMapCreateFlag: whether name is in the enum after "flags for BPF_MAP_CREATE command".
func isMapCreateFlag(lines []string, name string) bool {
	in := false
	for _, line := range lines {
		if strings.Contains(line, "flags for BPF_MAP_CREATE command") {
			in = true
			continue
		}
		if in && strings.HasPrefix(line, "}") {
			return false
		}
		if in && strings.HasPrefix(strings.TrimSpace(line), name+"\t") || in && strings.HasPrefix(strings.TrimSpace(line), name+" ") {
			return true
		}
	}
	return false
}

func cTable(helpers []*helper, src string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "/* Generated by %s from %s; do not edit (make sdk-gen).\n", generatorPath, src)
	b.WriteString(" * HELPER(kernel name without bpf_, helper id, argument count (negative when\n" +
		" *        variadic: at least that many), result kind, argument kinds, prototype)\n" +
		" * A kind is 'p' for a pointer, '1' '2' '4' '8' for an integer of that many\n" +
		" * bytes, 'v' for no result. */\n")
	for _, h := range helpers {
		n := len(h.params)
		if h.variadic {
			n = -n
		}
		var kinds []byte
		for _, p := range h.params {
			kinds = append(kinds, p.kind)
		}
		fmt.Fprintf(&b, "HELPER(%q, %d, %d, '%c', %q, %q)\n", h.name, h.id, n, h.ret.kind, string(kinds), h.proto)
	}
	return b.Bytes()
}
