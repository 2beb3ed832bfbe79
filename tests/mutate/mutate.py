#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make mutate: mutation testing of tinybpf's C sources.

Each mutant is one small break of src/ -- the kind a slip of the hand makes --
and the question is whether the test suites notice. A mutant the suites pass
is a survivor: either a test is missing, or the mutant is equivalent (it
changes nothing observable), which tests/mutate/equivalent.txt records with a
one-line reason. Equivalents are reported as such, never as kills.

Why a mutator of our own rather than universalmutator (PyPI): measured on this
tree, universalmutator's C rules make 1303 mutants of helpers.c (225 lines) and
834 of sections.c (153 lines), about 5.6 a line, so some 45,000 over src/lib;
at a few seconds each that is more than a day on the project's 2-core
machines, and most of them are an operator swapped for every other operator,
which die together. It also works on regular expressions over the text, so
strings, comments and `#include <...>` take mutants that never compile. The
mutants here are the kinds issue 17 names, on C tokens (comments, strings,
character constants and preprocessor lines are never touched), about one for
every two or three lines:
  - comparison operators: < <= > >= == != to their boundary or negation;
  - logical connectives && <-> ||, and a unary ! dropped;
  - binary + <-> -;
  - integer constants: 0 -> 1, 1 -> 0, N -> N+1 (array sizes in declarations
    are left alone: a bigger buffer is nearly always equivalent);
  - table entries: a `{ ... },` or `"...",` line of an initializer deleted;
  - statements: a call, an assignment, an increment, break, continue, goto
    or return deleted (replaced by `{}`, so `if (x) f();` stays valid C).

How a run works (nothing in the work tree is ever written):
  1. the tree (git's tracked and untracked-but-not-ignored files) is copied to
     a scratch directory, with the TinyGo output `make test-build` left in
     build/test (TinyGo's output does not depend on src/);
  2. there the library is built with the sanitizers `make test` uses, as one
     shared object per source file, and the CLI and the unit tests are linked
     against them all, so a mutant costs the compile of its file and the link
     of that one object;
  3. each suite runs once unmutated (it must pass: its time sets its timeout),
     and once more against a --coverage build of the library, which records
     the lines it executes;
  4. each mutant runs only the suites that execute its line (all of them for a
     line gcov cannot place, such as a table entry), cheapest first, and dies
     at the first failure or timeout. A mutant on a line no suite executes
     runs the unit tests only (coverage cannot see a forked child that
     aborts), and survives them as "not covered"; one that does not compile is
     stillborn and not counted; one whose object is byte-identical to the
     original's is equivalent by compilation.
The scratch directory is removed on every exit, Ctrl+C and SIGTERM included;
every suite runs in its own process group, killed whole on a timeout.

The suites are the fast, deterministic ones on this kernel: the unit tests
(tests/lib, tests/e2e), the CLI tests (cli, bad input, verify, doctor, C twin,
generate, build cache), the docs check, the conformance suite through libbpf
and the packet checks' instruction counts (tests/packet). Left out, with the
reason: the Go tests and the examples' smoke
scripts (each builds Go tracers and waits on live events: minutes per mutant,
and what they add over conformance is the tracers, not src/lib), the QEMU
kernel matrix (minutes per boot), and init_test.sh's Go part (a go mod
download and a whole project build per mutant): its first part, what init
writes and refuses, runs (INIT_TEST_QUICK=1).

Usage: tests/mutate/mutate.py [--files 'src/lib/a.c src/lib/passes/b.c']
       [--jobs N] [--report FILE] [--list] [--sample N [--seed S]]
       [--since REV] [--uncovered]
Default files: src/lib/*.c src/lib/*/*.c. `make mutate FILES=...`.
--uncovered runs no mutant: after the coverage step it lists the mutants on
lines no suite executes (they survive unless a unit test kills them in a
forked child), by file: where a new test reaches the most.
"""

import argparse
import concurrent.futures
import glob
import gzip  # noqa: F401  (gcov may write .gz when -t is unsupported)
import json
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

SAMPLE_OF = [0, 0]  # with --sample: how many mutants it was drawn from, and the seed
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EQUIVALENT_FILE = os.path.join(REPO, "tests", "mutate", "equivalent.txt")
LLVM_CONFIG = os.environ.get("LLVM_CONFIG", "llvm-config-22")
SANITIZE = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"]
WARNINGS = ["-Wall", "-Wextra", "-Werror", "-Wshadow", "-Wno-unused-parameter"]

# ---------------------------------------------------------------------------
# Mutants


TOKEN = re.compile(
    r"""
    (?P<ws>[ \t]+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<string>"(?:\\.|[^"\\\n])*")
  | (?P<char>'(?:\\.|[^'\\\n])*')
  | (?P<number>0[xX][0-9a-fA-F]+[uUlL]*|[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?[uUlLfF]*)
  | (?P<ident>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<op>->|\+\+|--|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^]=|\.\.\.|[-+*/%&|^!~<>=?:;,.(){}\[\]])
  | (?P<newline>\n)
  | (?P<other>.)
    """,
    re.S | re.X,
)


def tokenize(text):
    """(kind, value, line, column) for every token, lines from 1."""
    line, line_start, out = 1, 0, []
    for m in TOKEN.finditer(text):
        kind = m.lastgroup
        value = m.group()
        out.append((kind, value, line, m.start() - line_start, m.start()))
        newlines = value.count("\n")
        if newlines:
            line += newlines
            line_start = m.start() + value.rfind("\n") + 1
    return out


class Mutant:
    __slots__ = ("file", "line", "text", "what", "index", "original_line", "start", "end", "replacement")

    def __init__(self, file, line, what, original_line, start, end, replacement):
        self.file, self.line, self.what = file, line, what
        self.original_line = original_line
        self.start, self.end, self.replacement = start, end, replacement
        self.index = 0  # which of the same mutation on the same line

    def key(self):
        return (self.file, self.original_line.strip(), self.what, self.index)

    def describe(self):
        suffix = f" #{self.index + 1}" if self.index else ""
        return f"{self.file}:{self.line}: {self.what}{suffix}  | {self.original_line.strip()}"

    def apply(self, text):
        return text[: self.start] + self.replacement + text[self.end :]


SWAPS = {
    "<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "==",
    "&&": "||", "||": "&&",
}
DECL_START = re.compile(
    r"^\s*(?:static\s+|const\s+|extern\s+|register\s+|volatile\s+|_Thread_local\s+)*"
    r"(?:struct|union|enum|unsigned|signed|char|short|int|long|float|double|bool|void|size_t|ssize_t|"
    r"u?int(?:8|16|32|64)_t|off_t|pid_t|uid_t|FILE|DIR|va_list|LLVM\w+|json_object|Elf\w*|GElf\w*|"
    r"llvm_\w+|pthread_\w+|time_t|mode_t)\b"
)
STATEMENT_START = re.compile(
    r"^\s*(?:return\b|break\s*;|continue\s*;|goto\s+\w+\s*;|"
    r"\*?\s*[A-Za-z_][\w.\->\[\]()*+ ]*?\s*(?:[-+*/%&|^]?=(?!=)|\+\+|--)|"
    r"(?:\+\+|--)\s*[A-Za-z_]|"
    r"[A-Za-z_]\w*\s*\()"
)
KEYWORDS = {"return", "case", "sizeof", "if", "while", "for", "switch", "do", "else", "goto", "default"}
CONTROL = re.compile(r"^\s*(?:if|for|while|switch|do|else|case|default|sizeof)\b")


def mutants_of(path, relpath):
    """Every mutant of one source file, in file order."""
    with open(path) as f:
        text = f.read()
    lines = text.split("\n")
    tokens = tokenize(text)
    out = []

    def add(line, what, start, end, replacement):
        out.append(Mutant(relpath, line, what, lines[line - 1], start, end, replacement))

    # Lines that belong to preprocessor directives (with continuations).
    pre = set()
    cont = False
    for i, l in enumerate(lines, 1):
        if cont or l.lstrip().startswith("#"):
            pre.add(i)
            cont = l.endswith("\\")
        else:
            cont = False

    code = [t for t in tokens if t[0] not in ("ws", "comment", "newline") and t[2] not in pre]
    # Square brackets in declarations: `char buf[64];`
    in_decl_brackets = set()
    for i, t in enumerate(code):
        if t[1] == "[" and DECL_START.match(lines[t[2] - 1]):
            j = i + 1
            while j < len(code) and code[j][1] != "]":
                in_decl_brackets.add(j)
                j += 1
    for i, (kind, value, line, col, pos) in enumerate(code):
        prev = code[i - 1] if i else None
        after_operand = prev is not None and (
            (prev[0] == "ident" and prev[1] not in KEYWORDS) or prev[0] in ("number", "string", "char")
            or prev[1] in (")", "]")
        )
        if kind == "op" and value in SWAPS:
            if value in ("<", ">") and prev is not None and prev[0] == "ident" and prev[1] == "include":
                continue
            add(line, f"`{value}` -> `{SWAPS[value]}`", pos, pos + len(value), SWAPS[value])
        elif kind == "op" and value == "!" and i + 1 < len(code):
            add(line, "`!` dropped", pos, pos + 1, "")
        elif kind == "op" and value in ("+", "-") and after_operand:
            other = "-" if value == "+" else "+"
            add(line, f"`{value}` -> `{other}`", pos, pos + 1, other)
        elif kind == "number" and i not in in_decl_brackets and (value[:2] in ("0x", "0X") or not re.search(r"[.eEfF]", value)):
            m = re.match(r"(0[xX][0-9a-fA-F]+|[0-9]+)(.*)", value)
            digits, suffix = m.group(1), m.group(2)
            n = int(digits, 16) if digits[:2].lower() == "0x" else int(digits, 8 if digits.startswith("0") and len(digits) > 1 else 10)
            new = {0: 1, 1: 0}.get(n, n + 1)
            rep = (hex(new) if digits[:2].lower() == "0x" else str(new)) + suffix
            add(line, f"`{value}` -> `{rep}`", pos, pos + len(value), rep)

    # Whole lines: table entries and statements. Only lines with no
    # preprocessor, and statements that start and end on known lines.
    offsets = [0]
    for l in lines:
        offsets.append(offsets[-1] + len(l) + 1)
    comment_lines = set()
    string_only = {}
    for kind, value, line, col, pos in tokens:
        if kind == "comment" and value.startswith("/*"):
            comment_lines.update(range(line + 1, line + value.count("\n")))
    depth = 0  # brace depth, to tell file scope from function bodies
    i = 0
    while i < len(lines):
        n = i + 1
        l = lines[i]
        s = l.strip()
        if n in pre or n in comment_lines or not s or s.startswith("//") or s.startswith("/*") or s.startswith("*"):
            depth += _brace_delta(l) if n not in pre else 0
            i += 1
            continue
        code_part = re.sub(r"//.*$", "", s).strip()
        if re.fullmatch(r"\{.*\},?", code_part) and _balanced(code_part) and "=" not in code_part.split("{", 1)[0]:
            add(n, "table entry deleted", offsets[i], offsets[i] + len(l), "")
        elif re.fullmatch(r'"(?:\\.|[^"\\])*",', code_part) and depth >= 1 and _in_initializer(lines, i):
            add(n, "table entry deleted", offsets[i], offsets[i] + len(l), "")
        elif depth >= 1 and STATEMENT_START.match(l) and not CONTROL.match(l) and not DECL_START.match(l) \
                and not code_part.startswith("case ") and not code_part.endswith(":"):
            end = i
            text_so_far = code_part
            while not (_balanced(text_so_far) and text_so_far.endswith(";")) and end + 1 < len(lines) and end - i < 12:
                end += 1
                text_so_far += " " + re.sub(r"//.*$", "", lines[end]).strip()
            if _balanced(text_so_far) and text_so_far.endswith(";") and text_so_far.count(";") == 1 \
                    and "{" not in text_so_far and not any(k in pre for k in range(n, end + 2)):
                start = offsets[i] + (len(l) - len(l.lstrip()))
                stop = offsets[end] + len(lines[end])
                add(n, "statement deleted", start, stop, "{}")
        depth += _brace_delta(l)
        i += 1

    # The same mutation of the same text more than once in a file (twice on a
    # line, or `return;` on several lines): number them in file order.
    out.sort(key=lambda m: (m.line, m.start))
    seen = {}
    for m in out:
        k = (m.original_line.strip(), m.what)
        m.index = seen.get(k, 0)
        seen[k] = m.index + 1
    return out


def _strip_literals(s):
    return re.sub(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'', '""', s)


def _balanced(s):
    s = _strip_literals(s)
    return s.count("(") == s.count(")") and s.count("{") == s.count("}") and s.count("[") == s.count("]")


def _brace_delta(line):
    s = _strip_literals(re.sub(r"//.*$", "", line))
    s = re.sub(r"/\*.*?\*/", "", s)
    return s.count("{") - s.count("}")


def _in_initializer(lines, i):
    """Whether line i sits in an `= {` initializer (looking back a little)."""
    for j in range(i - 1, max(-1, i - 400), -1):
        s = lines[j].strip()
        if s.endswith("= {") or s.endswith("[] = {"):
            return True
        if s.endswith(";") or s.endswith(") {") or s == "{" or s.startswith("static ") and "(" in s:
            return False
    return False


# ---------------------------------------------------------------------------
# Known equivalents


EQUIV_LINE = re.compile(r"^(?P<file>\S+):\s+`(?P<line>[^`]*)`\s+(?P<what>.+?)(?:\s+#(?P<n>\d+))?:\s+(?P<why>\S.*)$")


def read_equivalents(path=EQUIVALENT_FILE):
    """{mutant key: reason}. Format, one a line:
    FILE: `SOURCE LINE, TRIMMED` MUTATION[ #N]: WHY IT CHANGES NOTHING"""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            raw = raw.rstrip("\n")
            if not raw.strip() or raw.startswith("#"):
                continue
            m = EQUIV_LINE.match(raw)
            if not m:
                sys.exit(f"{path}:{n}: cannot read: {raw}")
            out[(m["file"], m["line"].strip(), m["what"], int(m["n"] or 1) - 1)] = m["why"]
    return out


def equivalent_entry(m, reason="WHY"):
    suffix = f" #{m.index + 1}" if m.index else ""
    return f"{m.file}: `{m.original_line.strip()}` {m.what}{suffix}: {reason}"


# ---------------------------------------------------------------------------
# The scratch tree and its builds


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def llvm(flag):
    return subprocess.run([LLVM_CONFIG, flag], check=True, capture_output=True, text=True).stdout.split()


class Tree:
    """A scratch copy of the repository with its own builds."""

    def __init__(self, root, files, log):
        self.root = root
        self.log = log
        self.build = os.path.join(root, "build", "mutate")
        self.lib_sources = sorted(glob.glob(os.path.join(root, "src/lib/*.c")) + glob.glob(os.path.join(root, "src/lib/*/*.c")))
        self.cxx_sources = sorted(glob.glob(os.path.join(root, "src/lib/*.cpp")))
        self.cli_sources = sorted(glob.glob(os.path.join(root, "src/cli/*.c")))
        self.cppflags = ["-Iinclude", "-isystem", llvm("--includedir")[0], "-D_GNU_SOURCE"]
        self.libdir = llvm("--libdir")[0]
        self.files = files

    def obj(self, source, variant="mutate"):
        rel = os.path.relpath(source, self.root)
        return os.path.join(self.root, "build", variant, "obj", rel.rsplit(".", 1)[0] + ".o")

    def compile(self, source, out, coverage=False, check=True):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        if source.endswith(".cpp"):
            cmd = ["c++", "-std=c++17", *WARNINGS, "-fno-exceptions", "-fno-rtti"]
        else:
            cmd = ["cc", "-std=c11", *WARNINGS]
        cmd += ["-O0", "-fPIC", *SANITIZE, *self.cppflags]
        if coverage:
            cmd += ["--coverage"]
        cmd += ["-c", source, "-o", out]
        r = subprocess.run(cmd, cwd=self.root, capture_output=True, text=True)
        if check and r.returncode:
            raise RuntimeError(f"compile failed: {' '.join(cmd)}\n{r.stderr}")
        return r.returncode == 0

    # The library is one shared object per source file, so that a mutant
    # costs the compile of its file and the link of that one object, not of
    # the whole library: the executables need all of them, and the dynamic
    # linker resolves calls between files as it would within one library.
    def unit_so(self, source, variant="mutate"):
        rel = os.path.relpath(source, self.root).rsplit(".", 1)[0].replace("/", "_")
        return os.path.join(self.root, "build", variant, "lib", f"libtb-{rel}.so")

    def link_unit(self, obj, out, coverage=False):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        cmd = ["cc", "-shared", *SANITIZE, *(["--coverage"] if coverage else []),
               "-Wl,-soname," + os.path.basename(out), "-o", out + ".tmp", obj]
        r = subprocess.run(cmd, cwd=self.root, capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError(f"link failed: {' '.join(cmd)}\n{r.stderr}")
        os.replace(out + ".tmp", out)

    def unit_sos(self):
        return [self.unit_so(s) for s in self.lib_sources + self.cxx_sources]

    def link_program(self, objects_or_sources, out, extra=()):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        cmd = ["cc", "-std=c11", *WARNINGS, "-O0", *SANITIZE, *self.cppflags, *objects_or_sources,
               "-Wl,--no-as-needed", "-Wl,--enable-new-dtags", *self.unit_sos(),
               "-Wl,-rpath," + os.path.join(self.build, "lib"),
               "-L" + self.libdir, "-Wl,-rpath," + self.libdir, *llvm("--libs"), "-lbpf", "-lelf", "-lz", "-ljson-c",
               "-lpthread", "-lstdc++", *extra, "-o", out]
        r = subprocess.run(cmd, cwd=self.root, capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError(f"link failed: {' '.join(cmd)}\n{r.stderr}")

    def setup(self):
        """Builds the library, the CLI and the test programs, all unmutated."""
        t0 = time.time()
        os.makedirs(os.path.join(self.build, "lib"), exist_ok=True)
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda s: self.compile(s, self.obj(s)), self.lib_sources + self.cxx_sources + self.cli_sources))
        for src in self.lib_sources + self.cxx_sources:
            self.link_unit(self.obj(src), self.unit_so(src))
        self.link_program([self.obj(s) for s in self.cli_sources], self.tinybpf)
        tests = sorted(glob.glob(os.path.join(self.root, "tests/lib/*_test.c")) + glob.glob(os.path.join(self.root, "tests/lib/passes/*_test.c"))
                       + glob.glob(os.path.join(self.root, "tests/e2e/*_test.c")) + [os.path.join(self.root, "tests/conformance/conformance_test.c")])
        for t in tests:
            rel = os.path.relpath(t, os.path.join(self.root, "tests"))
            self.link_program([t], os.path.join(self.build, "bin", rel[:-2]), extra=["-lcmocka"])
        self.log(f"built the scratch tree in {time.time() - t0:.0f}s")

    @property
    def tinybpf(self):
        return os.path.join(self.build, "tinybpf")

    def setup_coverage(self):
        """The library again with --coverage, for the per-suite line maps:
        the same shared objects, found first through LD_LIBRARY_PATH."""
        for s in self.lib_sources + self.cxx_sources:
            o = self.obj(s, "coverage")
            self.compile(s, o, coverage=True)
            self.link_unit(o, self.unit_so(s, "coverage"), coverage=True)
        self.cov_lib = os.path.join(self.root, "build", "coverage", "lib")
        # gcov writes a process's counts from exit(3)'s handlers, which
        # _exit(2) skips, and tinybpf generates code in a forked child that
        # leaves with _exit(2): in coverage runs only, _exit is exit.
        shim = os.path.join(self.root, "build", "coverage", "gcov_exit.c")
        with open(shim, "w") as f:
            f.write("#include <stdlib.h>\nvoid _exit(int status)\n{\n\texit(status);\n}\n")
        self.cov_shim = shim[:-2] + ".so"
        sh(["cc", "-shared", "-fPIC", "-O1", "-o", self.cov_shim, shim])

    def coverage_of(self, suite, env, timeout):
        """{relative source: set of executed lines}, {relative source: set of executable lines}."""
        for g in glob.glob(os.path.join(self.root, "build", "coverage", "obj", "**", "*.gcda"), recursive=True):
            os.unlink(g)
        env = dict(env, LD_LIBRARY_PATH=self.cov_lib, LD_PRELOAD=self.cov_shim,
                   # the shim comes before ASan's runtime; a child's exit(3) now
                   # also runs the leak check, of memory the parent owns
                   ASAN_OPTIONS="verify_asan_link_order=0:detect_leaks=0")
        # Some cases run tinybpf with /tmp read-only (a private mount
        # namespace: cli_test's --keep-temp, doctor_test), where the scratch
        # tree is: gcov could not write their counts, and the lines only they
        # run looked "not covered" (config.c's `return -errno;` after mkdtemp
        # lived so in a sampled run, though cli_test kills it). The counts go
        # to /dev/shm instead (GCOV_PREFIX), and are moved back after the run.
        # Cases that run tinybpf as nobody (verify_test, doctor_test) add to
        # counts a root run made first: the prefix is open to them and, with
        # umask 0 for the run, so are the counts files (libgcov makes them
        # 0666 & ~umask); else their lines looked "not covered".
        prefix = None
        if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
            prefix = tempfile.mkdtemp(prefix="tinybpf-mutate-gcov.", dir="/dev/shm")
            os.chmod(prefix, 0o755)
            env["GCOV_PREFIX"] = prefix
        umask = os.umask(0)
        try:
            ok, _, _ = suite.run(self, env, timeout)
            if prefix:
                for g in glob.glob(os.path.join(prefix, "**", "*.gcda"), recursive=True):
                    dest = "/" + os.path.relpath(g, prefix)
                    if os.path.isdir(os.path.dirname(dest)):
                        shutil.move(g, dest)
        finally:
            os.umask(umask)
            if prefix:
                shutil.rmtree(prefix, ignore_errors=True)
        executed, executable = {}, {}
        for s in self.lib_sources + self.cxx_sources:
            rel = os.path.relpath(s, self.root)
            o = self.obj(s, "coverage")
            gcda = o[:-2] + ".gcda"
            lines_hit, lines_all = set(), set()
            if os.path.exists(gcda):
                r = subprocess.run(["gcov", "-j", "-t", "-o", os.path.dirname(o), gcda], cwd=self.root,
                                   capture_output=True, text=True)
                for doc in r.stdout.splitlines():
                    doc = doc.strip()
                    if not doc.startswith("{"):
                        continue
                    for f in json.loads(doc).get("files", []):
                        if os.path.normpath(os.path.join(self.root, f["file"])) != os.path.normpath(s) and \
                                os.path.normpath(f["file"]) != os.path.normpath(s):
                            continue
                        for ln in f["lines"]:
                            lines_all.add(ln["line_number"])
                            if ln["count"]:
                                lines_hit.add(ln["line_number"])
            executed[rel], executable[rel] = lines_hit, lines_all
        return ok, executed, executable


# ---------------------------------------------------------------------------
# Suites


class Suite:
    def __init__(self, name, argv, needs_objects=False, conformance=False, only=None):
        self.name, self.argv = name, argv
        self.needs_objects = needs_objects
        self.conformance = conformance
        self.only = only  # file patterns this slow suite runs for (None: every file)
        self.seconds = None

    def runs_for(self, file):
        import fnmatch
        return self.only is None or FULL or any(fnmatch.fnmatch(file, p) for p in self.only)

    def about(self, file):
        """A slow suite whose file patterns name this file."""
        import fnmatch
        return self.only is not None and any(fnmatch.fnmatch(file, p) for p in self.only)

    def run(self, tree, env, timeout):
        """(passed, seconds, output tail)."""
        t0 = time.time()
        # A cache of its own every time: tinybpf's key knows the executable
        # (the test program), not the shared object a mutant replaced, so a
        # shared cache would hand a mutant the unmutated tree's objects.
        cache = tempfile.mkdtemp(prefix="cache.", dir=os.path.join(tree.root, "build"))
        env = dict(env, TINYBPF_CACHE=cache)
        try:
            if self.needs_objects and not tree_objects(tree, env, timeout):
                return False, time.time() - t0, "building the test objects failed"
            if self.conformance and not conformance_objects(tree, env, timeout):
                return False, time.time() - t0, "linking the conformance objects failed"
            ok, out = run_group(self.argv, tree.root, env, timeout)
            return ok, time.time() - t0, out
        finally:
            shutil.rmtree(cache, ignore_errors=True)


def run_group(argv, cwd, env, timeout):
    p = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    RUNNING.add(p)
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode == 0, out.decode(errors="replace")[-3000:]
    except subprocess.TimeoutExpired:
        kill_group(p)
        p.communicate()
        return False, f"timed out after {timeout:.0f}s"
    finally:
        RUNNING.discard(p)


RUNNING = set()
THREADS = []
KILLS = {}  # file -> suite -> mutants of the file it killed
RESULTS = []  # (mutant, status, detail), also for a partial report


def kill_group(p):
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# The objects the CLI and e2e tests take from `make test-build`, made again
# by the mutant's tinybpf. (tracepoint-openat: its TinyGo IR, made once.)
# The objects tests/run.sh points its suites at (TINYBPF_*_OBJ, suite_env),
# linked by the mutant.
OBJECTS = ["globals", "core_task", "typed_globals", "map_typed", "map_in_map", "kfunc_task", "ring_records"]


def tree_objects(tree, env, timeout):
    if getattr(tree, "objects_done", False):
        return tree.objects_ok
    objdir = os.path.join(tree.build, "objects")
    os.makedirs(objdir, exist_ok=True)
    ok = True
    for name in OBJECTS + ["tracepoint-openat"]:
        src = os.path.join(tree.build, "testdata" if name != "tracepoint-openat" else "ir", name + ".ll")
        ok, _ = run_group([tree.tinybpf, "link", "--no-cache", src, "-o", os.path.join(objdir, name + ".bpf.o")],
                          tree.root, env, timeout)
        if not ok:
            break
    tree.objects_done, tree.objects_ok = True, ok
    return ok


def conformance_objects(tree, env, timeout):
    outdir = os.path.join(tree.build, "conformance")
    os.makedirs(outdir, exist_ok=True)
    for ll in sorted(glob.glob(os.path.join(outdir, "*.ll"))):
        case = os.path.basename(ll)[:-3]
        flags_file = os.path.join(tree.root, "tests", "conformance", case, "link-flags")
        flags = open(flags_file).read().split() if os.path.exists(flags_file) else []
        ok, _ = run_group([tree.tinybpf, "link", "--no-cache", ll, "-o", os.path.join(outdir, case + ".bpf.o"), *flags],
                          tree.root, env, timeout)
        if not ok:
            return False
    return True


# Suites that take 10 to 30 s (a Go build or TinyGo runs): only for the files
# they are about, so that a survivor elsewhere costs seconds, not a minute.
# FULL=1 runs them for every file. docs_test.sh is left out: its located
# messages are the bad-input corpus's and cli_test's, and its time goes to
# make install and a TinyGo build.
SLOW_SUITES = {
    "generate_test.sh": ["src/lib/generate/*.c", "src/cli/generate.c"],
    # tinybpf types: no other suite runs it (a sample of all of src/lib found
    # types_btf.c's mutants "not covered", 0 of 10 killed).
    "types_test.sh": ["src/lib/generate/types*.c", "src/lib/generate/tracepoint.c", "src/cli/types.c"],
    "build_cache_test.sh": ["src/lib/build/cache.c", "src/lib/build/tinygo*.c", "src/lib/config.c", "src/lib/pipeline.c",
                            "src/cli/build.c", "src/cli/compile_options.c"],
}
FULL = os.environ.get("FULL", "") not in ("", "0")


def suites_of(tree):
    b = tree.build
    out = []
    for t in sorted(glob.glob(os.path.join(b, "bin", "lib", "**", "*_test"), recursive=True)):
        out.append(Suite("unit " + os.path.relpath(t, os.path.join(b, "bin")), [t]))
    for t in sorted(glob.glob(os.path.join(b, "bin", "e2e", "*_test"))):
        out.append(Suite("unit " + os.path.relpath(t, os.path.join(b, "bin")), [t],
                         needs_objects=t.endswith("tracepoint_openat_test")))
    # Only these read the objects make test-build links (TINYBPF_*_OBJ).
    for script in ["cli_test.sh", "bad_input_test.sh", "verify_test.sh", "doctor_test.sh", "c_twin_test.sh"]:
        out.append(Suite("cli/" + script, ["bash", os.path.join(tree.root, "tests", "cli", script)],
                         needs_objects=script in ("verify_test.sh", "c_twin_test.sh")))
    # What init writes and refuses (under a second); INIT_TEST_QUICK leaves out
    # the new project's Go build, test and tracer (a module download, a minute).
    out.append(Suite("cli/init_test.sh (quick)", ["env", "INIT_TEST_QUICK=1", "bash",
                                                  os.path.join(tree.root, "tests", "cli", "init_test.sh")]))
    for script, only in SLOW_SUITES.items():
        out.append(Suite("cli/" + script, ["bash", os.path.join(tree.root, "tests", "cli", script)], needs_objects=True,
                         only=only))
    out.append(Suite("conformance (libbpf)", [os.path.join(b, "bin", "conformance", "conformance_test")], conformance=True))
    # Instruction counts of packet checks against clang's (needs the conformance objects).
    out.append(Suite("packet/packet_test.sh", ["bash", os.path.join(tree.root, "tests", "packet", "packet_test.sh")],
                     conformance=True))
    return out


def suite_env(tree):
    env = dict(os.environ)
    obj = os.path.join(tree.build, "objects")
    env.update(
        TINYBPF=tree.tinybpf, TESTDATA=os.path.join(tree.build, "testdata"),
        TINYBPF_TESTDATA=os.path.join(tree.build, "testdata"),
        TINYBPF_OPENAT_OBJ=os.path.join(obj, "tracepoint-openat.bpf.o"),
        TINYBPF_GLOBALS_OBJ=os.path.join(obj, "globals.bpf.o"),
        TINYBPF_CORE_OBJ=os.path.join(obj, "core_task.bpf.o"),
        TINYBPF_TYPED_GLOBALS_OBJ=os.path.join(obj, "typed_globals.bpf.o"),
        TINYBPF_MAP_TYPED_OBJ=os.path.join(obj, "map_typed.bpf.o"),
        TINYBPF_MAP_IN_MAP_OBJ=os.path.join(obj, "map_in_map.bpf.o"),
        TINYBPF_KFUNC_OBJ=os.path.join(obj, "kfunc_task.bpf.o"),
        TINYBPF_RING_RECORDS_OBJ=os.path.join(obj, "ring_records.bpf.o"),
        TINYBPF_TYPES_RECORD_OBJ=os.path.join(tree.build, "prebuilt", "types_record.bpf.o"),
        TINYBPF_CONFORMANCE_SRC=os.path.join(tree.root, "tests", "conformance"),
        TINYBPF_CONFORMANCE_OBJ=os.path.join(tree.build, "conformance"),
        ASAN_OPTIONS="detect_leaks=1:abort_on_error=1",
        UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1",
    )
    return env


# ---------------------------------------------------------------------------
# The run


def copy_tree(dest, log):
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                           check=True, capture_output=True).stdout.split(b"\0")
    files = [f.decode() for f in files if f and os.path.isfile(os.path.join(REPO, f.decode()))]
    for f in files:
        os.makedirs(os.path.join(dest, os.path.dirname(f)), exist_ok=True)
        shutil.copy2(os.path.join(REPO, f), os.path.join(dest, f))
    # TinyGo output from `make test-build`
    test_build = os.path.join(REPO, os.environ.get("TEST_BUILD", "build/test"))
    for sub in ("testdata", "conformance"):
        src = os.path.join(test_build, sub)
        lls = glob.glob(os.path.join(src, "*.ll"))
        if not lls:
            sys.exit(f"mutate: no TinyGo output in {src}: run `make test-build` first")
        d = os.path.join(dest, "build", "mutate", sub)
        os.makedirs(d, exist_ok=True)
        for ll in lls:
            # TinyGo's debug info names the directory it ran in: the scratch
            # tree's, so messages read as they do in the work tree.
            with open(ll) as f:
                text = f.read().replace(REPO + "/", dest + "/")
            with open(os.path.join(d, os.path.basename(ll)), "w") as f:
                f.write(text)
    # types_record.bpf.o: made by `tinybpf types` and `tinybpf build`, which
    # run TinyGo (tens of seconds); the unit test reads the object as the
    # work tree built it, so mutants of types and build are not judged by it
    # (tests/cli/types_test.sh and build_cache_test.sh are about those).
    rec = os.path.join(test_build, "objects", "types_record.bpf.o")
    if not os.path.exists(rec):
        sys.exit(f"mutate: no {rec}: run `make test-build` first")
    os.makedirs(os.path.join(dest, "build", "mutate", "prebuilt"), exist_ok=True)
    shutil.copy2(rec, os.path.join(dest, "build", "mutate", "prebuilt", "types_record.bpf.o"))
    log(f"copied {len(files)} files to {dest}")


def tinygo_ir(tree, name, pkgdir, log):
    """TinyGo IR of an example's BPF package, with the flags tinybpf build uses."""
    out = os.path.join(tree.build, "ir", name + ".ll")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    tinygo = os.environ.get("TINYGO", "tinygo")
    sh([tinygo, "build", "-gc=none", "-scheduler=none", "-panic=trap", "-opt=0", "-o", out, "./bpf"],
       cwd=os.path.join(tree.root, pkgdir), capture_output=True)


def changed_lines(rev, files):
    """{file: set of its line numbers a change since rev added or changed} (git diff -U0)."""
    out = {}
    for f in files:
        diff = subprocess.run(["git", "diff", "-U0", rev, "--", f], cwd=REPO, check=True,
                              capture_output=True, text=True).stdout
        lines = out.setdefault(f, set())
        for m in re.finditer(r"^@@ -\S+ \+(\d+)(?:,(\d+))? @@", diff, re.M):
            start, count = int(m.group(1)), int(m.group(2) or 1)
            lines.update(range(start, start + count))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", default=os.environ.get("FILES", ""),
                    help="space-separated sources to mutate (default: src/lib/*.c src/lib/*/*.c)")
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS", "1")))
    ap.add_argument("--report", default=os.environ.get("REPORT", "build/mutate-report.txt"))
    ap.add_argument("--list", action="store_true", help="only list the mutants")
    ap.add_argument("--sample", type=int, default=int(os.environ.get("SAMPLE", "0") or 0),
                    help="run only N mutants drawn at random (seeded) from all of them")
    ap.add_argument("--seed", type=int, default=int(os.environ.get("SEED", "17") or 17))
    ap.add_argument("--keep", action="store_true", help="keep the scratch tree (for debugging)")
    ap.add_argument("--uncovered", action="store_true",
                    help="only record coverage and list the mutants on lines no suite executes "
                         "(minutes: a map of what no test reaches)")
    ap.add_argument("--since", default=os.environ.get("SINCE", ""),
                    help="only the mutants on lines a change since this git revision added or changed")
    args = ap.parse_args()

    files = args.files.split() or sorted(
        os.path.relpath(p, REPO) for p in glob.glob(os.path.join(REPO, "src/lib/*.c")) + glob.glob(os.path.join(REPO, "src/lib/*/*.c")))
    for f in files:
        if not os.path.isfile(os.path.join(REPO, f)):
            sys.exit(f"mutate: no such file {f}")
    mutants = []
    for f in files:
        mutants += mutants_of(os.path.join(REPO, f), f)
    if args.since:
        changed = changed_lines(args.since, files)
        mutants = [m for m in mutants if any(ln in changed.get(m.file, ()) for ln in
                                             range(m.line, m.line + m.original_line.count("\n") + 1))]
        files = [f for f in files if any(m.file == f for m in mutants)]
    equivalents = read_equivalents()
    population = len(mutants)
    if 0 < args.sample < len(mutants):
        # The whole of src/lib is some 10,000 mutants, more than a day on 2
        # cores; a uniform sample estimates its kill rate in an hour or two
        # (report() gives the 95 % interval). The seed makes it repeatable.
        order = {id(m): i for i, m in enumerate(mutants)}
        mutants = sorted(random.Random(args.seed).sample(mutants, args.sample), key=lambda m: order[id(m)])
        files = [f for f in files if any(m.file == f for m in mutants)]
    SAMPLE_OF[0] = population if len(mutants) < population else 0
    SAMPLE_OF[1] = args.seed
    if args.list:
        for m in mutants:
            print(m.describe())
        print(f"{len(mutants)} mutants in {len(files)} files")
        return 0

    report_path = os.path.join(REPO, args.report)
    os.makedirs(os.path.dirname(report_path), exist_ok=True)
    log_lock = threading.Lock()
    started = time.time()

    def log(msg):
        with log_lock:
            print(f"[{time.time() - started:6.0f}s] {msg}", flush=True)

    scratch = tempfile.mkdtemp(prefix="tinybpf-mutate.")
    os.chmod(scratch, 0o755)  # verify_test.sh runs tinybpf as nobody too
    stopping = threading.Event()

    def on_signal(signum, frame):
        stopping.set()
        for p in list(RUNNING):
            kill_group(p)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        return run(args, files, mutants, equivalents, scratch, report_path, log, stopping, started)
    except KeyboardInterrupt:
        stopping.set()
        for p in list(RUNNING):
            kill_group(p)
        for th in THREADS:  # each stops at its next step; then the scratch tree goes
            th.join(30)
        if RESULTS:
            done = [r for r in RESULTS]
            done_files = [f for f in files if any(r[0].file == f for r in done)]
            text = report(done_files, mutants, done, time.time() - started, equivalents)
            text = f"INTERRUPTED after {len(done)} of {len(mutants)} mutants\n" + text
            with open(report_path, "w") as f:
                f.write(text)
            print(text)
        print("mutate: interrupted; the work tree was never touched", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print(f"mutate: scratch tree kept in {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def list_uncovered(files, mutants, equivalents, suites, covered, executable, report_path, log):
    """make mutate UNCOVERED=1: the mutants on lines no suite executes (they
    survive unless a unit test kills them in a forked child), by file and by
    function, without running any: where a new test reaches the most."""
    by_file = {}
    for m in mutants:
        if equivalents.get(m.key()):
            continue
        exe = executable.get(m.file, set())
        lines = range(m.line, m.line + m.original_line.count("\n") + 1)
        eligible = [s for s in suites if s.runs_for(m.file)]
        if any(l in exe for l in lines):
            hit = any(l in covered[s.name].get(m.file, ()) for s in eligible for l in lines)
        else:
            hit = any(covered[s.name].get(m.file) for s in eligible)
        if not hit:
            by_file.setdefault(m.file, []).append(m)
    total = sum(len(v) for v in by_file.values())
    out = [f"Mutants on lines no suite executes: {total} of {len(mutants)}", ""]
    for f in sorted(by_file, key=lambda f: -len(by_file[f])):
        out.append(f"{f}: {len(by_file[f])}")
        for m in by_file[f]:
            out.append(f"  {m.describe()}")
    text = "\n".join(out) + "\n"
    with open(report_path, "w") as fh:
        fh.write(text)
    log(f"{total} of {len(mutants)} mutants are on lines no suite executes; report: {report_path}")
    return 0


def run(args, files, mutants, equivalents, scratch, report_path, log, stopping, started):
    jobs = max(1, args.jobs)
    log(f"{len(mutants)} mutants in {len(files)} files; {jobs} job(s); scratch {scratch}")
    trees = []
    for w in range(jobs):
        root = os.path.join(scratch, f"tree{w}")
        copy_tree(root, log)
        tree = Tree(root, files, log)
        tree.setup()
        tinygo_ir(tree, "tracepoint-openat", "examples/tracepoint-openat", log)
        trees.append(tree)
    tree = trees[0]
    suites = [s for s in suites_of(tree) if any(s.runs_for(f) for f in files)]
    env = suite_env(tree)

    # Unmutated: every suite passes, and how long it takes.
    for s in suites:
        tree.objects_done = False
        ok, secs, out = s.run(tree, env, 900)
        if not ok:
            print(out, file=sys.stderr)
            sys.exit(f"mutate: suite {s.name} fails on the unmutated tree; fix that first")
        s.seconds = secs
        log(f"baseline {s.name}: {secs:.1f}s")
    suites.sort(key=lambda s: s.seconds)

    # Which lines each suite executes.
    tree.setup_coverage()
    covered, executable = {}, {}
    for s in suites:
        tree.objects_done = False
        ok, hit, lines = tree.coverage_of(s, env, max(120, 10 * s.seconds))
        covered[s.name] = hit
        for f, ls in lines.items():
            executable.setdefault(f, set()).update(ls)
    tree.objects_done = False
    log("coverage recorded")
    if args.uncovered:
        return list_uncovered(files, mutants, equivalents, suites, covered, executable, report_path, log)

    results = RESULTS
    counter = {"done": 0}
    lock = threading.Lock()

    def verdict(tree, m):
        known = equivalents.get(m.key())
        src = os.path.join(tree.root, m.file)
        original = open(src).read()
        exe = executable.get(m.file, set())
        lines = range(m.line, m.line + m.original_line.count("\n") + 1)
        eligible = [s for s in suites if s.runs_for(m.file)]
        if any(l in exe for l in lines):
            candidates = [s for s in eligible if any(l in covered[s.name].get(m.file, ()) for l in lines)]
            why = "no suite executes this line"
        else:  # a table entry, a declaration: the suites that execute the file
            candidates = [s for s in eligible if covered[s.name].get(m.file)]
            why = "no suite executes this file"
        uncovered = not candidates
        if uncovered:
            # Coverage misses what only a forked child reaches that then dies
            # (an out-of-memory abort): the unit tests, which are cheap, run
            # anyway; only a mutant they pass too is "not covered".
            candidates = [s for s in eligible if s.name.startswith("unit ") and s.seconds < 2]
        # A slow suite about this file runs for every mutant of it, covered or
        # not: coverage cannot see what a forked child does before it execs
        # (build/tinygo.c sets TinyGo's environment there, which
        # build_cache_test.sh checks), and another suite that reaches the line
        # (one whose TinyGo is missing) would be the only one run.
        candidates += [s for s in eligible if s.about(m.file) and s not in candidates]
        if not candidates:
            if known:
                return ("equivalent", known)
            # still compiled: a mutant that does not compile is stillborn, not a survivor
            src_ = os.path.join(tree.root, m.file)
            text = open(src_).read()
            st = os.stat(src_)
            with open(src_, "w") as f:
                f.write(m.apply(text))
            try:
                ok = tree.compile(src_, os.path.join(tree.root, "build", "mutate", "mutant.o"), check=False)
            finally:
                with open(src_, "w") as f:
                    f.write(text)
                os.utime(src_, ns=(st.st_atime_ns, st.st_mtime_ns))
            return ("survived", "not covered: " + why) if ok else ("stillborn", "does not compile")
        # Cheapest first, where a suite that already killed mutants of this
        # file counts as cheaper: it is likelier to kill this one too.
        kills = KILLS.setdefault(m.file, {})
        candidates = sorted(candidates, key=lambda s: s.seconds / (1 + kills.get(s.name, 0)))
        cli = m.file.startswith("src/cli/")
        mutated_obj = os.path.join(tree.root, "build", "mutate", "mutant.o")
        stat = os.stat(src)
        with open(src, "w") as f:
            f.write(m.apply(original))
        # The same mtime: make (docs_test.sh runs make install) must never
        # rebuild the scratch tree's build/ with a mutant in it.
        os.utime(src, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        try:
            if not tree.compile(src, mutated_obj, check=False):
                return ("stillborn", "does not compile")
            orig_obj = tree.obj(src)
            if open(mutated_obj, "rb").read() == open(orig_obj, "rb").read():
                return ("equivalent", known or "compiles to the same object")
            if cli:
                objs = [mutated_obj if s == src else tree.obj(s) for s in tree.cli_sources]
                tree.link_program(objs, tree.tinybpf)
            else:
                tree.link_unit(mutated_obj, tree.unit_so(src))
            tree.objects_done = False
            for s in candidates:
                if stopping.is_set():
                    raise KeyboardInterrupt
                # this tree's own copy of the suite: its binaries, its library
                ok, secs, out = suites_in[tree.root][s.name].run(tree, env_of[tree.root], max(20, 5 * s.seconds))
                if not ok:
                    kills[s.name] = kills.get(s.name, 0) + 1
                    return ("killed", s.name)
            if known:
                return ("equivalent", known)
            if uncovered:
                return ("survived", f"not covered: {why} (and the {len(candidates)} suites run for it pass)")
            return ("survived", f"ran {len(candidates)} suite(s): " + ", ".join(s.name for s in candidates))
        finally:
            with open(src, "w") as f:
                f.write(original)
            os.utime(src, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            if cli:
                tree.link_program([tree.obj(s) for s in tree.cli_sources], tree.tinybpf)
            else:
                tree.link_unit(tree.obj(src), tree.unit_so(src))

    env_of = {t.root: suite_env(t) for t in trees}
    suites_in = {t.root: {s.name: s for s in suites_of(t)} for t in trees}
    free = list(trees)

    def work(m):
        with lock:
            t = free.pop()
        try:
            status, detail = verdict(t, m)
        finally:
            with lock:
                free.append(t)
        with lock:
            counter["done"] += 1
            results.append((m, status, detail))
            log(f"{counter['done']}/{len(mutants)} {status:10s} {m.describe()[:150]}  [{detail}]")
        return status

    # Workers are daemon threads, each with its own tree; the main thread
    # waits in short steps so that Ctrl+C and SIGTERM reach it at once.
    queue = list(reversed(mutants))

    def worker():
        while not stopping.is_set():
            with lock:
                if not queue:
                    return
                m = queue.pop()
            try:
                work(m)
            except KeyboardInterrupt:
                return
            except Exception as e:  # a broken build step: stop the run, say why
                print(f"mutate: {m.describe()}: {e}", file=sys.stderr)
                stopping.set()
                errors.append(e)
                return

    errors = []
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(jobs)]
    THREADS.extend(threads)
    for th in threads:
        th.start()
    for th in threads:
        while th.is_alive():
            th.join(0.5)
    if errors:
        return 1

    text = report(files, mutants, results, time.time() - started, equivalents)
    with open(report_path, "w") as f:
        f.write(text)
    print(text)
    print(f"report: {os.path.relpath(report_path, REPO)}")
    return 0


def report(files, mutants, results, seconds, equivalents):
    by_file = {f: [] for f in files}
    for m, status, detail in results:
        by_file[m.file].append((m, status, detail))
    lines = ["Mutation testing of tinybpf (tests/mutate/mutate.py)", ""]
    lines.append(f"{'file':40s} {'mutants':>7s} {'killed':>7s} {'survived':>8s} {'equiv':>6s} {'stillborn':>9s} {'kill rate':>9s}")
    tot = {"all": 0, "killed": 0, "survived": 0, "equivalent": 0, "stillborn": 0}
    survivors, equivs = [], []
    for f in files:
        rs = sorted(by_file[f], key=lambda r: (r[0].line, r[0].start))
        c = {k: sum(1 for r in rs if r[1] == k) for k in ("killed", "survived", "equivalent", "stillborn")}
        live = c["killed"] + c["survived"]
        rate = f"{100 * c['killed'] / live:.1f}%" if live else "-"
        lines.append(f"{f:40s} {len(rs):7d} {c['killed']:7d} {c['survived']:8d} {c['equivalent']:6d} {c['stillborn']:9d} {rate:>9s}")
        tot["all"] += len(rs)
        for k in c:
            tot[k] += c[k]
        survivors += [r for r in rs if r[1] == "survived"]
        equivs += [r for r in rs if r[1] == "equivalent"]
    live = tot["killed"] + tot["survived"]
    rate = f"{100 * tot['killed'] / live:.1f}%" if live else "-"
    lines.append(f"{'total':40s} {tot['all']:7d} {tot['killed']:7d} {tot['survived']:8d} {tot['equivalent']:6d} {tot['stillborn']:9d} {rate:>9s}")
    lines.append("")
    lines.append(f"kill rate {rate} of {live} non-equivalent mutants; run took {seconds / 60:.1f} min")
    if SAMPLE_OF[0] and live:
        p = tot["killed"] / live
        half = 196 * math.sqrt(p * (1 - p) / live)
        lines.append(f"a random sample (seed {SAMPLE_OF[1]}) of {len(mutants)} of the {SAMPLE_OF[0]} mutants "
                     f"of the files asked for (all of src/lib by default): the whole's kill rate is {100 * p:.1f}% +- {half:.1f} "
                     f"points (95 % interval, normal approximation)")
    lines.append("")
    lines.append(f"Survivors ({len(survivors)}): a test that kills each, or a line in tests/mutate/equivalent.txt")
    for m, _, detail in survivors:
        lines.append(f"  {m.describe()}  [{detail}]")
    lines.append("")
    lines.append(f"Equivalent ({len(equivs)})")
    for m, _, detail in equivs:
        lines.append(f"  {m.describe()}  [{detail}]")
    lines.append("")
    lines.append("Survivors as equivalent.txt lines, to edit if they are equivalent:")
    for m, _, _ in survivors:
        lines.append("  " + equivalent_entry(m))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
