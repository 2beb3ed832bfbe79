// SPDX-License-Identifier: MIT
/*
 * tinybpf init: a new project that builds, loads and passes its own test as
 * written. The templates live in the library, beside the loader generator
 * whose output the project uses and whose name rule it shares, so tools that
 * embed libtinybpf scaffold the same project the CLI does.
 *
 * The program counts getppid(2) calls per process from a tracepoint (every
 * kernel since 4.7 allows those; no kprobes or BTF-typed attach needed) in a
 * hash map and sends an event per call to a ring buffer, counting the events
 * a full buffer refuses. Its Go test calls getppid three times and expects 3
 * for its own pid, in the map and in the events, then overfills the buffer
 * and expects the drops counted; cmd/NAME prints the events. The object and
 * loader come from //go:generate lines (tinybpf build, tinybpf generate), so
 * `go generate ./... && go test ./...` is the whole workflow; go.mod points
 * the SDK module at the installed copy, so the project needs no clone.
 * Nothing is overwritten: the directory must not exist, and is removed again
 * if writing fails.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "generate.h"
#include "../internal.h"
#include "../build/tinygo.h"

/* The cilium/ebpf release tinybpf's own tests use. */
#define CILIUM_EBPF_VERSION "v0.22.0"

/* @NAME@: the project's name (module, package, directory); @IDENT@ and
 * @UIDENT@: the identifier stem `tinybpf generate` derives from @NAME@.bpf.o
 * (gen_go_default_ident) and its upper-case form, as in loadHelloObjects;
 * @SDK@: the Go SDK's directory. */
struct template {
	const char *path; /* in the project */
	const char *text;
};

static const struct template templates[] = {
	{ "go.mod",
	  "module @NAME@\n"
	  "\n"
	  "go 1.25.0\n"
	  "\n"
	  "require (\n"
	  "\tgithub.com/cilium/ebpf " CILIUM_EBPF_VERSION "\n"
	  "\t" SDK_MODULE " v0.0.0\n"
	  ")\n"
	  "\n"
	  "require golang.org/x/sys v0.43.0 // indirect\n"
	  "\n"
	  "// tinybpf's Go SDK (package bpf, for the BPF program) is installed with\n"
	  "// tinybpf, not published on the module proxy.\n"
	  "replace " SDK_MODULE " => @SDK@\n" },
	/* What `go mod tidy` writes for these requirements (tests/cli/init_test.sh
	 * checks with `go mod tidy -diff`): the project builds offline from a
	 * module cache that has them, and needs no tidy step. */
	{ "go.sum",
	  "github.com/cilium/ebpf v0.22.0 h1:v2ktp0roffpMOj2MMf3idtCQZOsAoC4BJbAJN+ke2bY=\n"
	  "github.com/cilium/ebpf v0.22.0/go.mod h1:CDzZbe2hC5JjlDC+CY3KFCzlYwN4gbxppYM+Z10bQt4=\n"
	  "github.com/go-quicktest/qt v1.101.1-0.20240301121107-c6c8733fa1e6 h1:teYtXy9B7y5lHTp8V9KPxpYRAVA7dozigQcMiBust1s=\n"
	  "github.com/go-quicktest/qt v1.101.1-0.20240301121107-c6c8733fa1e6/go.mod h1:p4lGIVX+8Wa6ZPNDvqcxq36XpUDLh42FLetFU7odllI=\n"
	  "github.com/google/go-cmp v0.7.0 h1:wk8382ETsv4JYUZwIsn6YpYiWiBsYLSJiTsyBybVuN8=\n"
	  "github.com/google/go-cmp v0.7.0/go.mod h1:pXiqmnSA92OHEEa9HXL2W4E7lf9JzCmGVUdgjX3N/iU=\n"
	  "github.com/josharian/native v1.1.0 h1:uuaP0hAbW7Y4l0ZRQ6C9zfb7Mg1mbFKry/xzDAfmtLA=\n"
	  "github.com/josharian/native v1.1.0/go.mod h1:7X/raswPFr05uY3HiLlYeyQntB6OO7E/d2Cu7qoaN2w=\n"
	  "github.com/jsimonetti/rtnetlink/v2 v2.0.1 h1:xda7qaHDSVOsADNouv7ukSuicKZO7GgVUCXxpaIEIlM=\n"
	  "github.com/jsimonetti/rtnetlink/v2 v2.0.1/go.mod h1:7MoNYNbb3UaDHtF8udiJo/RH6VsTKP1pqKLUTVCvToE=\n"
	  "github.com/kr/pretty v0.3.1 h1:flRD4NNwYAUpkphVc1HcthR4KEIFJ65n8Mw5qdRn3LE=\n"
	  "github.com/kr/pretty v0.3.1/go.mod h1:hoEshYVHaxMs3cyo3Yncou5ZscifuDolrwPKZanG3xk=\n"
	  "github.com/kr/text v0.2.0 h1:5Nx0Ya0ZqY2ygV366QzturHI13Jq95ApcVaJBhpS+AY=\n"
	  "github.com/kr/text v0.2.0/go.mod h1:eLer722TekiGuMkidMxC/pM04lWEeraHUUmBw8l2grE=\n"
	  "github.com/mdlayher/netlink v1.7.2 h1:/UtM3ofJap7Vl4QWCPDGXY8d3GIY2UGSDbK+QWmY8/g=\n"
	  "github.com/mdlayher/netlink v1.7.2/go.mod h1:xraEF7uJbxLhc5fpHL4cPe221LI2bdttWlU+ZGLfQSw=\n"
	  "github.com/mdlayher/socket v0.5.1 h1:VZaqt6RkGkt2OE9l3GcC6nZkqD3xKeQLyfleW/uBcos=\n"
	  "github.com/mdlayher/socket v0.5.1/go.mod h1:TjPLHI1UgwEv5J1B5q0zTZq12A/6H7nKmtTanQE37IQ=\n"
	  "github.com/rogpeppe/go-internal v1.14.1 h1:UQB4HGPB6osV0SQTLymcB4TgvyWu6ZyliaW0tI/otEQ=\n"
	  "github.com/rogpeppe/go-internal v1.14.1/go.mod h1:MaRKkUm5W0goXpeCfT7UZI6fk/L7L7so1lCWt35ZSgc=\n"
	  "golang.org/x/net v0.48.0 h1:zyQRTTrjc33Lhh0fBgT/H3oZq9WuvRR5gPC70xpDiQU=\n"
	  "golang.org/x/net v0.48.0/go.mod h1:+ndRgGjkh8FGtu1w1FGbEC31if4VrNVMuKTgcAAnQRY=\n"
	  "golang.org/x/sync v0.20.0 h1:e0PTpb7pjO8GAtTs2dQ6jYa5BWYlMuX047Dco/pItO4=\n"
	  "golang.org/x/sync v0.20.0/go.mod h1:9xrNwdLfx4jkKbNva9FpL6vEN7evnE43NNNJQ2LF3+0=\n"
	  "golang.org/x/sys v0.43.0 h1:Rlag2XtaFTxp19wS8MXlJwTvoh8ArU6ezoyFsMyCTNI=\n"
	  "golang.org/x/sys v0.43.0/go.mod h1:4GL1E5IUh+htKOUEOaiffhrAeqysfVGipDYzABqnCmw=\n" },
	{ "bpf/main.go",
	  "//go:build tinygo\n"
	  "\n"
	  "// The BPF program, compiled by TinyGo and tinybpf (`go generate` in the\n"
	  "// module's root runs them). On every getppid(2) it counts the call for the\n"
	  "// calling process in the hash map calls and sends an event to the ring\n"
	  "// buffer events; an event the full ring buffer refuses is counted in\n"
	  "// dropped, which the tracer reports.\n"
	  "package main\n"
	  "\n"
	  "import (\n"
	  "\t\"sync/atomic\"\n"
	  "\t\"unsafe\"\n"
	  "\n"
	  "\t\"" SDK_MODULE "/bpf\"\n"
	  ")\n"
	  "\n"
	  "// event is one call; Event in @NAME@.go has its layout.\n"
	  "type event struct {\n"
	  "\tPID  uint32\n"
	  "\tNR   uint32 // the system call's number, from the tracepoint's record\n"
	  "\tComm [16]byte\n"
	  "}\n"
	  "\n"
	  "// calls maps a process id to its getppid calls.\n"
	  "var calls = bpf.HashMap[uint32, uint64]{MaxEntries: 1024}\n"
	  "\n"
	  "// events carries an event per call to user space: 256 KiB, 8191 events.\n"
	  "var events = bpf.RingBuf[event]{MaxEntries: 1 << 18}\n"
	  "\n"
	  "// dropped counts the events the full ring buffer refused (.bss: the\n"
	  "// tracer reads it).\n"
	  "var dropped uint64\n"
	  "\n"
	  "// count_getppid's context is the record of the syscalls/sys_enter_*\n"
	  "// tracepoints, a type of tinybpf's Go SDK; the helpers and maps are the\n"
	  "// SDK's too (docs/sdk.md).\n"
	  "//\n"
	  "//go:section tracepoint/syscalls/sys_enter_getppid\n"
	  "//export count_getppid\n"
	  "func count_getppid(ctx *bpf.SyscallEnter) int32 {\n"
	  "\tpid := uint32(bpf.GetCurrentPidTgid() >> 32)\n"
	  "\tif n := calls.Lookup(&pid); n != nil {\n"
	  "\t\tatomic.AddUint64(n, 1)\n"
	  "\t} else {\n"
	  "\t\tone := uint64(1)\n"
	  "\t\tcalls.Update(&pid, &one, bpf.UpdateAny)\n"
	  "\t}\n"
	  "\tev := event{PID: pid, NR: uint32(ctx.NR)}\n"
	  "\tbpf.GetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))\n"
	  "\tif events.Output(&ev, 0) < 0 {\n"
	  "\t\tatomic.AddUint64(&dropped, 1)\n"
	  "\t}\n"
	  "\treturn 0\n"
	  "}\n"
	  "\n"
	  "func main() {}\n" },
	{ "bpf/stub.go",
	  "//go:build !tinygo\n"
	  "\n"
	  "// Package main is the BPF program (main.go), built by TinyGo; this file\n"
	  "// lets standard Go tooling load the package.\n"
	  "package main\n"
	  "\n"
	  "func main() {}\n" },
	{ "@NAME@.go",
	  "// Package @NAME@ loads the BPF program of bpf/ through the loader that\n"
	  "// `tinybpf generate` writes (@NAME@_bpf.go), and reads what it counts and\n"
	  "// sends.\n"
	  "package @NAME@\n"
	  "\n"
	  "// The BPF object from bpf/ (TinyGo and tinybpf), then its typed loader.\n"
	  "//go:generate tinybpf build -o @NAME@.bpf.o ./bpf\n"
	  "//go:generate tinybpf generate @NAME@.bpf.o\n"
	  "\n"
	  "import (\n"
	  "\t\"bytes\"\n"
	  "\t\"encoding/binary\"\n"
	  "\t\"errors\"\n"
	  "\t\"time\"\n"
	  "\n"
	  "\t\"github.com/cilium/ebpf\"\n"
	  "\t\"github.com/cilium/ebpf/link\"\n"
	  "\t\"github.com/cilium/ebpf/ringbuf\"\n"
	  ")\n"
	  "\n"
	  "// Event is one getppid call, as the program sends it (bpf/main.go's event).\n"
	  "type Event struct {\n"
	  "\tPID  uint32\n"
	  "\tNR   uint32 // the system call's number (syscall.SYS_GETPPID)\n"
	  "\tComm [16]byte\n"
	  "}\n"
	  "\n"
	  "// Command is the calling task's name.\n"
	  "func (e Event) Command() string {\n"
	  "\tname, _, _ := bytes.Cut(e.Comm[:], []byte{0})\n"
	  "\treturn string(name)\n"
	  "}\n"
	  "\n"
	  "// Tracer is the program, attached to the sys_enter_getppid tracepoint.\n"
	  "type Tracer struct {\n"
	  "\tobjs   @IDENT@Objects\n"
	  "\tlink   link.Link\n"
	  "\tevents *ringbuf.Reader\n"
	  "}\n"
	  "\n"
	  "// Attach loads the program into the kernel (as root, or with CAP_BPF and\n"
	  "// CAP_PERFMON) and attaches it.\n"
	  "func Attach() (*Tracer, error) {\n"
	  "\tt := &Tracer{}\n"
	  "\tif err := load@UIDENT@Objects(&t.objs, nil); err != nil {\n"
	  "\t\treturn nil, err\n"
	  "\t}\n"
	  "\tl, err := link.Tracepoint(\"syscalls\", \"sys_enter_getppid\", t.objs.CountGetppid, nil)\n"
	  "\tif err != nil {\n"
	  "\t\tt.objs.Close()\n"
	  "\t\treturn nil, err\n"
	  "\t}\n"
	  "\tt.link = l\n"
	  "\tif t.events, err = ringbuf.NewReader(t.objs.Events); err != nil {\n"
	  "\t\tt.link.Close()\n"
	  "\t\tt.objs.Close()\n"
	  "\t\treturn nil, err\n"
	  "\t}\n"
	  "\treturn t, nil\n"
	  "}\n"
	  "\n"
	  "// Read returns the next event. It waits until one comes, the deadline\n"
	  "// passes (os.ErrDeadlineExceeded) or the tracer is closed.\n"
	  "func (t *Tracer) Read(deadline time.Time) (Event, error) {\n"
	  "\tvar ev Event\n"
	  "\tt.events.SetDeadline(deadline)\n"
	  "\trec, err := t.events.Read()\n"
	  "\tif err != nil {\n"
	  "\t\treturn ev, err\n"
	  "\t}\n"
	  "\terr = binary.Read(bytes.NewReader(rec.RawSample), binary.NativeEndian, &ev)\n"
	  "\treturn ev, err\n"
	  "}\n"
	  "\n"
	  "// Calls is how many times process pid called getppid since Attach.\n"
	  "func (t *Tracer) Calls(pid uint32) (uint64, error) {\n"
	  "\tvar n uint64\n"
	  "\terr := t.objs.Calls.Lookup(pid, &n)\n"
	  "\tif errors.Is(err, ebpf.ErrKeyNotExist) {\n"
	  "\t\treturn 0, nil\n"
	  "\t}\n"
	  "\treturn n, err\n"
	  "}\n"
	  "\n"
	  "// Dropped is how many events the program could not send since Attach\n"
	  "// because the ring buffer was full: reading too slowly loses events.\n"
	  "func (t *Tracer) Dropped() (uint64, error) {\n"
	  "\tvar n uint64\n"
	  "\terr := t.objs.Dropped.Get(&n)\n"
	  "\treturn n, err\n"
	  "}\n"
	  "\n"
	  "// Close detaches and unloads the program.\n"
	  "func (t *Tracer) Close() error {\n"
	  "\treturn errors.Join(t.events.Close(), t.link.Close(), t.objs.Close())\n"
	  "}\n" },
	{ "@NAME@_test.go",
	  "package @NAME@\n"
	  "\n"
	  "import (\n"
	  "\t\"errors\"\n"
	  "\t\"os\"\n"
	  "\t\"strings\"\n"
	  "\t\"syscall\"\n"
	  "\t\"testing\"\n"
	  "\t\"time\"\n"
	  ")\n"
	  "\n"
	  "func attach(t *testing.T) *Tracer {\n"
	  "\tt.Helper()\n"
	  "\ttr, err := Attach()\n"
	  "\tif errors.Is(err, os.ErrPermission) {\n"
	  "\t\tt.Skipf(\"loading BPF programs needs root, or CAP_BPF and CAP_PERFMON: %v\", err)\n"
	  "\t}\n"
	  "\tif err != nil {\n"
	  "\t\tt.Fatal(err)\n"
	  "\t}\n"
	  "\tt.Cleanup(func() { tr.Close() })\n"
	  "\treturn tr\n"
	  "}\n"
	  "\n"
	  "// The kernel's name of this process (TASK_COMM_LEN: at most 15 bytes).\n"
	  "var commandName = func() string {\n"
	  "\tcomm, _ := os.ReadFile(\"/proc/self/comm\")\n"
	  "\treturn strings.TrimSuffix(string(comm), \"\\n\")\n"
	  "}()\n"
	  "\n"
	  "// ownEvents reads events until the ring buffer is empty and counts this\n"
	  "// process's, each checked against what this process is and called.\n"
	  "func ownEvents(t *testing.T, tr *Tracer) (n uint64) {\n"
	  "\tt.Helper()\n"
	  "\tfor {\n"
	  "\t\tev, err := tr.Read(time.Now().Add(100 * time.Millisecond))\n"
	  "\t\tif errors.Is(err, os.ErrDeadlineExceeded) {\n"
	  "\t\t\treturn n\n"
	  "\t\t}\n"
	  "\t\tif err != nil {\n"
	  "\t\t\tt.Fatal(err)\n"
	  "\t\t}\n"
	  "\t\tif ev.PID != uint32(os.Getpid()) {\n"
	  "\t\t\tcontinue\n"
	  "\t\t}\n"
	  "\t\tif ev.NR != syscall.SYS_GETPPID || ev.Command() != commandName {\n"
	  "\t\t\tt.Errorf(\"event %+v: want system call %d from %q\", ev, syscall.SYS_GETPPID, commandName)\n"
	  "\t\t}\n"
	  "\t\tn++\n"
	  "\t}\n"
	  "}\n"
	  "\n"
	  "// The program sees this process call getppid exactly as often as it does,\n"
	  "// in its map and in its events.\n"
	  "func TestCountsOwnGetppid(t *testing.T) {\n"
	  "\ttr := attach(t)\n"
	  "\tfor i := 0; i < 3; i++ {\n"
	  "\t\tsyscall.Getppid()\n"
	  "\t}\n"
	  "\tn, err := tr.Calls(uint32(os.Getpid()))\n"
	  "\tif err != nil {\n"
	  "\t\tt.Fatal(err)\n"
	  "\t}\n"
	  "\tif n != 3 {\n"
	  "\t\tt.Errorf(\"pid %d: %d getppid calls counted, want 3\", os.Getpid(), n)\n"
	  "\t}\n"
	  "\tif got := ownEvents(t, tr); got != 3 {\n"
	  "\t\tt.Errorf(\"pid %d: %d events, want 3\", os.Getpid(), got)\n"
	  "\t}\n"
	  "}\n"
	  "\n"
	  "// More calls than the ring buffer holds (8191 events of 32 bytes in 256\n"
	  "// KiB), none read meanwhile: the program counts what it could not send.\n"
	  "func TestCountsDroppedEvents(t *testing.T) {\n"
	  "\tconst calls, capacity = 10000, 8191\n"
	  "\ttr := attach(t)\n"
	  "\tfor i := 0; i < calls; i++ {\n"
	  "\t\tsyscall.Getppid()\n"
	  "\t}\n"
	  "\tdropped, err := tr.Dropped()\n"
	  "\tif err != nil {\n"
	  "\t\tt.Fatal(err)\n"
	  "\t}\n"
	  "\tif dropped < calls-capacity {\n"
	  "\t\tt.Errorf(\"%d events dropped, want at least %d\", dropped, calls-capacity)\n"
	  "\t}\n"
	  "\t// Other processes' events share the buffer: ours are at most what fit.\n"
	  "\tif got := ownEvents(t, tr); got > capacity || got+dropped < calls {\n"
	  "\t\tt.Errorf(\"%d own events read and %d dropped, want at most %d read and %d in all\",\n"
	  "\t\t\tgot, dropped, capacity, calls)\n"
	  "\t}\n"
	  "}\n" },
	{ "cmd/@NAME@/main.go",
	  "// Command @NAME@ prints each getppid(2) call the BPF program sees, one line\n"
	  "// per call, until Ctrl+C (or -count events), and reports events the full\n"
	  "// ring buffer dropped. It loads a BPF program: run it as root.\n"
	  "package main\n"
	  "\n"
	  "import (\n"
	  "\t\"errors\"\n"
	  "\t\"flag\"\n"
	  "\t\"fmt\"\n"
	  "\t\"os\"\n"
	  "\t\"os/signal\"\n"
	  "\t\"syscall\"\n"
	  "\t\"time\"\n"
	  "\n"
	  "\t\"@NAME@\"\n"
	  ")\n"
	  "\n"
	  "func main() {\n"
	  "\tos.Exit(run())\n"
	  "}\n"
	  "\n"
	  "func run() int {\n"
	  "\tcount := flag.Int(\"count\", 0, \"stop after this many events (0: until Ctrl+C)\")\n"
	  "\tflag.Parse()\n"
	  "\t// Output into a closed pipe (@NAME@ | head) is an EPIPE error the loop\n"
	  "\t// ends on, detaching the program, rather than a SIGPIPE that kills.\n"
	  "\tsignal.Ignore(syscall.SIGPIPE)\n"
	  "\tstop := make(chan os.Signal, 1)\n"
	  "\tsignal.Notify(stop, os.Interrupt, syscall.SIGTERM)\n"
	  "\n"
	  "\ttr, err := @NAME@.Attach()\n"
	  "\tif err != nil {\n"
	  "\t\tfmt.Fprintln(os.Stderr, \"@NAME@:\", err)\n"
	  "\t\treturn 1\n"
	  "\t}\n"
	  "\tdefer tr.Close()\n"
	  "\tfmt.Fprintln(os.Stderr, \"tracing getppid calls; Ctrl+C ends\")\n"
	  "\n"
	  "\tvar reported uint64\n"
	  "\treportDrops := func() {\n"
	  "\t\tif n, err := tr.Dropped(); err == nil && n > reported {\n"
	  "\t\t\tfmt.Fprintf(os.Stderr, \"@NAME@: %d events dropped: the ring buffer was full\\n\", n-reported)\n"
	  "\t\t\treported = n\n"
	  "\t\t}\n"
	  "\t}\n"
	  "\tdefer reportDrops()\n"
	  "\tfor seen := 0; *count == 0 || seen < *count; {\n"
	  "\t\tev, err := tr.Read(time.Now().Add(time.Second))\n"
	  "\t\tselect {\n"
	  "\t\tcase <-stop:\n"
	  "\t\t\treturn 0\n"
	  "\t\tdefault:\n"
	  "\t\t}\n"
	  "\t\tif errors.Is(err, os.ErrDeadlineExceeded) {\n"
	  "\t\t\treportDrops()\n"
	  "\t\t\tcontinue\n"
	  "\t\t}\n"
	  "\t\tif err != nil {\n"
	  "\t\t\tfmt.Fprintln(os.Stderr, \"@NAME@:\", err)\n"
	  "\t\t\treturn 1\n"
	  "\t\t}\n"
	  "\t\t_, err = fmt.Printf(\"pid=%d syscall=%d comm=%s\\n\", ev.PID, ev.NR, ev.Command())\n"
	  "\t\tif errors.Is(err, syscall.EPIPE) {\n"
	  "\t\t\treturn 0 // the reader has gone: done\n"
	  "\t\t}\n"
	  "\t\tif err != nil {\n"
	  "\t\t\tfmt.Fprintln(os.Stderr, \"@NAME@:\", err)\n"
	  "\t\t\treturn 1\n"
	  "\t\t}\n"
	  "\t\tseen++\n"
	  "\t}\n"
	  "\treturn 0\n"
	  "}\n" },
};

/* Replaces each placeholder of `text` by its value. */
static char *expand(const char *text, const char *const vars[][2], size_t nvars)
{
	char *out = xstrdup("");

	for (const char *p = text;;) {
		const char *hit = strchr(p, '@');
		size_t v = nvars;
		char *next;

		for (; hit; hit = strchr(hit + 1, '@')) {
			for (v = 0; v < nvars && !str_starts_with(hit, vars[v][0]); v++)
				;
			if (v < nvars)
				break;
		}
		next = hit ? xasprintf("%s%.*s%s", out, (int)(hit - p), p, vars[v][1])
			   : xasprintf("%s%s", out, p);
		free(out);
		out = next;
		if (!hit)
			return out;
		p = hit + strlen(vars[v][0]);
	}
}

/* Creates a new file (O_EXCL: never one that exists) with `text`. */
static int write_new_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	size_t len = strlen(text), done = 0;
	int err = 0;

	if (fd < 0)
		return -errno;
	while (done < len && !err) {
		ssize_t n = write(fd, text + done, len - done);

		if (n < 0)
			err = -errno;
		else
			done += (size_t)n;
	}
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* Removes what a failed init created, newest first. */
static void undo(char **created, size_t count)
{
	/* Best effort: the error that made init fail is the one to report. */
	while (count--)
		(void)remove(created[count]);
}

static bool valid_project_name(const char *name)
{
	/* A Go package and module name that `go ./...` does not skip and that
	 * is no command. */
	return gen_is_go_identifier(name) && name[0] != '_' && strcmp(name, "main") != 0;
}

struct created {
	char **paths;
	size_t count;
};

static int make_dir(struct created *c, const char *path, struct tb_diags *diags)
{
	if (mkdir(path, 0755)) {
		int err = -errno;

		diag_error(diags, "%s: %s%s", path, strerror(errno),
			   c->count ? "" : "; init writes a new directory and never overwrites");
		return err;
	}
	c->paths[c->count++] = xstrdup(path);
	return 0;
}

int tb_generate_project(const struct tb_project_options *opts, struct tb_diags *diags)
{
	const char *name = OPTS_GET(opts, name, NULL);
	const char *parent = OPTS_GET(opts, parent, NULL);
	void (*on_created)(const char *, void *) = OPTS_GET(opts, created, NULL);
	struct created c = { .paths = xcalloc(ARRAY_SIZE(templates) + 4, sizeof(char *)) };
	char *ident = NULL, *uident = NULL, *sdk = NULL, *dir = NULL;
	int err = 0;

	if (!name || !valid_project_name(name)) {
		diag_error(diags, "project name '%s' is not a Go identifier (a letter, then letters, "
				  "digits or '_'; no keyword, not main): it names the Go package",
			   name ? name : "");
		err = -EINVAL;
		goto out;
	}
	/* The stem `tinybpf generate NAME.bpf.o` gives the loader's names. */
	ident = gen_go_default_ident(name);
	if (!gen_is_go_identifier(ident)) {
		diag_error(diags, "project name '%s' would give the loader the Go names %sObjects, "
				  "...: '%s' is a keyword; choose another name",
			   name, ident, ident);
		err = -EINVAL;
		goto out;
	}
	uident = xstrdup(ident);
	uident[0] = (char)toupper((unsigned char)uident[0]);
	sdk = OPTS_GET(opts, sdk_dir, NULL) ? realpath(opts->sdk_dir, NULL) : sdk_find();
	if (!sdk) {
		diag_error(diags, "cannot find tinybpf's Go SDK (module %s)%s%s: reinstall tinybpf "
				  "(make install puts it in PREFIX/share/tinybpf/go)",
			   SDK_MODULE, OPTS_GET(opts, sdk_dir, NULL) ? " at " : "",
			   OPTS_GET(opts, sdk_dir, ""));
		err = -ENOENT;
		goto out;
	}
	dir = parent ? xasprintf("%s/%s", parent, name) : xstrdup(name);
	err = make_dir(&c, dir, diags);
	for (const char *const *sub = (const char *const[]){ "bpf", "cmd", NULL }; *sub && !err; sub++) {
		char *path = xasprintf("%s/%s", dir, *sub);

		err = make_dir(&c, path, diags);
		free(path);
	}
	if (!err) {
		char *path = xasprintf("%s/cmd/%s", dir, name);

		err = make_dir(&c, path, diags);
		free(path);
	}
	for (size_t i = 0; i < ARRAY_SIZE(templates) && !err; i++) {
		const char *const vars[][2] = {
			{ "@NAME@", name }, { "@IDENT@", ident }, { "@UIDENT@", uident }, { "@SDK@", sdk },
		};
		char *rel = expand(templates[i].path, vars, ARRAY_SIZE(vars));
		char *text = expand(templates[i].text, vars, ARRAY_SIZE(vars));
		char *path = xasprintf("%s/%s", dir, rel);

		err = write_new_file(path, text);
		if (err) {
			diag_error(diags, "%s: %s", path, strerror(-err));
			free(path);
		} else {
			c.paths[c.count++] = path;
		}
		free(rel);
		free(text);
	}
	if (err)
		undo(c.paths, c.count);
	else if (on_created)
		for (size_t i = 0; i < c.count; i++)
			on_created(c.paths[i], OPTS_GET(opts, ctx, NULL));
out:
	for (size_t i = 0; i < c.count; i++)
		free(c.paths[i]);
	free(c.paths);
	free(dir);
	free(sdk);
	free(uident);
	free(ident);
	return err;
}
