# tinybpf — build, test, install.
#   make                 build/bin/tinybpf and build/lib/libtinybpf.a
#   make test            unit tests (ASan+UBSan) and end-to-end tests on this kernel
#   make fuzz            libFuzzer targets, FUZZ_TIME seconds each (tests/fuzz/README.md)
#   make install PREFIX=/usr/local   (make deb: a Debian package)
LLVM_CONFIG ?= llvm-config-22
PREFIX      ?= /usr/local
BUILD       ?= build
CC          ?= cc
CXX         ?= c++

LLVM_INCLUDE := $(shell $(LLVM_CONFIG) --includedir)
LLVM_LIBDIR  := $(shell $(LLVM_CONFIG) --libdir)
# The tinybpf binary links only the LLVM components it uses, statically:
# loading all of libLLVM.so took 12 of a 40 ms link (bench/analysis.md).
# Test programs link the shared library, which links much faster.
LLVM_COMPONENTS := bpf passes irreader bitreader bitwriter linker
LLVM_STATIC  := -L$(LLVM_LIBDIR) $(shell $(LLVM_CONFIG) --link-static --libs $(LLVM_COMPONENTS)) \
                $(shell $(LLVM_CONFIG) --link-static --system-libs)
LLVM_SHARED  := -L$(LLVM_LIBDIR) -Wl,-rpath,$(LLVM_LIBDIR) $(shell $(LLVM_CONFIG) --libs)

WARNINGS  := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CPPFLAGS  += -Iinclude -isystem $(LLVM_INCLUDE) -D_GNU_SOURCE
CFLAGS    ?= -O2 -g
CXXFLAGS  ?= -O2 -g
ALL_CFLAGS   = -std=c11 $(WARNINGS) $(CFLAGS)
ALL_CXXFLAGS = -std=c++17 $(WARNINGS) -fno-exceptions -fno-rtti $(CXXFLAGS)
# libbpf is linked statically: the binary carries the libbpf it was tested with
# (1.4, from bookworm-backports: scripts/setup.sh) and runs where only 1.1 is.
SYS_LIBS  := -Wl,-Bstatic -lbpf -Wl,-Bdynamic -lelf -lz -ljson-c -lpthread -lstdc++
LDLIBS    += $(LLVM_SHARED) $(SYS_LIBS)

LIB_C   := $(sort $(wildcard src/lib/*.c src/lib/*/*.c))
LIB_CXX := $(wildcard src/lib/*.cpp)
CLI_C   := $(sort $(wildcard src/cli/*.c))

LIB_OBJ := $(LIB_C:%.c=$(BUILD)/obj/%.o) $(LIB_CXX:%.cpp=$(BUILD)/obj/%.o)
CLI_OBJ := $(CLI_C:%.c=$(BUILD)/obj/%.o)

all: $(BUILD)/bin/tinybpf $(BUILD)/lib/libtinybpf.a

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.o: %.cpp
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(ALL_CXXFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/lib/libtinybpf.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

# The tinybpf binary is static and not position-independent: no dynamic
# relocations (57,000 of them in the PIE) and no shared libraries to bind at
# start, which halved the start-up of a process that often does nothing else
# (a cache hit): 4 -> 2 ms. glibc warns that getpwuid_r (LLVM's "~"
# expansion, which tinybpf never asks for) needs the shared glibc at run
# time. LLVM's Z3 and libxml2 are for parts tinybpf does not link.
# STATIC=0 links as before (shared system libraries, PIE).
STATIC ?= 1
ifeq ($(STATIC),1)
TINYBPF_LINK := -static -Wl,--gc-sections $(filter-out %libz3.so -lxml2,$(LLVM_STATIC)) \
                -lbpf -lelf -lz -lzstd -ljson-c -lstdc++ -lm -lpthread -lrt -ldl
else
TINYBPF_LINK := $(LLVM_STATIC) $(SYS_LIBS)
endif

$(BUILD)/bin/tinybpf: $(CLI_OBJ) $(BUILD)/lib/libtinybpf.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Wl,--as-needed $^ $(TINYBPF_LINK) -o $@ 2>$@.log || \
		{ cat $@.log >&2; rm -f $@.log; exit 1; }
	@grep -v -e "in statically linked applications requires" -e ": in function \`" $@.log >&2 || true
	@rm -f $@.log

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# The Go SDK's generated files (bpf/*_gen.go) and the helper table of
# src/lib/passes/, from the UAPI headers: `make sdk-gen` after a
# linux-libc-dev update. The helpers' generator reads the context types the
# contexts' generator writes, so it runs second.
sdk-gen: sdk-gen-ctx sdk-gen-helpers
sdk-gen-ctx: $(BUILD)/bin/tinybpf
	TINYBPF=$(BUILD)/bin/tinybpf scripts/gen/ctx.sh
sdk-gen-helpers: sdk-gen-ctx
	go run ./scripts/gen/helpers
.PHONY: sdk-gen sdk-gen-ctx sdk-gen-helpers

include tests/tests.mk
include tests/fuzz/fuzz.mk

# Benchmarks against the Go tinybpf and clang (bench/README.md); rewrites
# BENCHMARKS.md. Not part of `make test`: timings are not pass/fail.
bench: all
	bench/run.sh

.PHONY: bench

# Mutation testing (tests/mutate/mutate.py): breaks src/ one mutant at a time in
# a scratch copy and reports, per file, the mutants no suite notices.
# FILES="src/lib/a.c ..." for a subset, JOBS=N workers (default 1), SAMPLE=N
# to run N mutants drawn at random (seed 17, SEED=S) from all of them: the
# whole of src/lib is ~10,000 mutants, more than a day; a sample of 150
# estimates its kill rate (with a 95 % interval) in about an hour. SINCE=REV
# keeps only the mutants on lines changed since that git revision. UNCOVERED=1
# runs no mutant: it lists those on lines no suite executes (a few minutes).
mutate: test-build
	TINYGO=$(TINYGO) tests/mutate/mutate.py $(if $(FILES),--files "$(FILES)") $(if $(JOBS),--jobs $(JOBS)) $(if $(SAMPLE),--sample $(SAMPLE)) $(if $(SINCE),--since $(SINCE)) $(if $(UNCOVERED),--uncovered)

.PHONY: mutate

# `make example NAME=x` builds examples/x: its BPF object with this tree's
# tinybpf (through the example's scripts/build.sh) and its Go tracer.
EXAMPLE_NAMES := $(sort $(patsubst examples/%/scripts/build.sh,%,$(wildcard examples/*/scripts/build.sh)))
# The real-tools suite alone (also part of `make test`): tests/tools/README.md.
tools-test: $(BUILD)/bin/tinybpf
	TINYBPF=$(abspath $(BUILD)/bin/tinybpf) tests/tools/tools_test.sh

example: $(BUILD)/bin/tinybpf
	@if [ -z "$(NAME)" ]; then \
		echo "make example: which one? NAME= one of: $(EXAMPLE_NAMES)" >&2; exit 2; \
	elif [ ! -x "examples/$(NAME)/scripts/build.sh" ]; then \
		echo "make example: no example \"$(NAME)\"; NAME= one of: $(EXAMPLE_NAMES)" >&2; exit 2; fi
	TINYBPF_BIN=$(abspath $(BUILD)/bin/tinybpf) examples/$(NAME)/scripts/build.sh
	cd examples/$(NAME) && go build -o build/tracer ./cmd/tracer
	@echo "built examples/$(NAME)/build/tracer; run it as root from examples/$(NAME)"

# `make install PREFIX=DIR`: everything a user needs, relocatable (move DIR
# as a whole): tinybpf, the TinyGo it runs (DIR/lib/tinybpf/tinygo, found from
# tinybpf's own path), the Go SDK module (DIR/share/tinybpf/go, which
# `tinybpf init` points projects at), the C library with its header, libbpf
# and pkg-config file, the man page and the docs. Nothing is stripped here;
# `make deb` strips (packaging/deb.sh).
TINYGO_ROOT  ?= $(shell bash -c '. scripts/env.sh && echo "$$TINYGO_HOME"')
LIBBPF_A      = $(shell $(CC) -print-file-name=libbpf.a)
LLVM_SONAME   = $(shell readelf -d $(LLVM_LIBDIR)/libLLVM.so | sed -n 's/.*soname: \[\(.*\)\]/\1/p')
PC_LIBS       = -l:$(LLVM_SONAME) -l:libelf.so.1 -l:libz.so.1 -l:libjson-c.so.5 -lstdc++ -lpthread
DOCDIR       ?= $(PREFIX)/share/doc/tinybpf

$(BUILD)/tinybpf.pc: packaging/tinybpf.pc.in Makefile
	@mkdir -p $(@D)
	sed -e 's|@VERSION@|$(shell sed -n 's/^#define TB_VERSION "\(.*\)"/\1/p' src/lib/internal.h)|' \
	    -e 's|@LIBBPF_VERSION@|$(shell pkg-config --modversion libbpf)|' \
	    -e 's|@LIBS@|$(PC_LIBS)|' $< >$@

install: all $(BUILD)/tinybpf.pc
	@test -x "$(TINYGO_ROOT)/bin/tinygo" -a -d "$(TINYGO_ROOT)/src/net" \
		-a -f "$(TINYGO_ROOT)/lib/musl/include/alltypes.h.in" || { \
		echo "make install: no complete TinyGo at '$(TINYGO_ROOT)': run scripts/setup.sh" >&2; exit 1; }
	install -D -m 0755 $(BUILD)/bin/tinybpf $(DESTDIR)$(PREFIX)/bin/tinybpf
	install -D -m 0644 $(BUILD)/lib/libtinybpf.a $(DESTDIR)$(PREFIX)/lib/libtinybpf.a
	install -D -m 0644 $(LIBBPF_A) $(DESTDIR)$(PREFIX)/lib/tinybpf/libbpf.a
	install -D -m 0644 $(BUILD)/tinybpf.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/tinybpf.pc
	install -D -m 0644 include/tinybpf/tinybpf.h $(DESTDIR)$(PREFIX)/include/tinybpf/tinybpf.h
	install -D -m 0644 docs/tinybpf.1 $(DESTDIR)$(PREFIX)/share/man/man1/tinybpf.1
	rm -rf $(DESTDIR)$(PREFIX)/lib/tinybpf/tinygo $(DESTDIR)$(PREFIX)/share/tinybpf/go
	mkdir -p $(DESTDIR)$(PREFIX)/lib/tinybpf/tinygo $(DESTDIR)$(PREFIX)/share/tinybpf/go $(DESTDIR)$(DOCDIR)
	cp -R "$(TINYGO_ROOT)/." $(DESTDIR)$(PREFIX)/lib/tinybpf/tinygo/
	cp -R go.mod $(wildcard go.sum) bpf $(DESTDIR)$(PREFIX)/share/tinybpf/go/
	cp -R README.md docs $(DESTDIR)$(DOCDIR)/
	rm -f $(DESTDIR)$(DOCDIR)/docs/tinybpf.1
	# Readable by every user, whatever the umask: TinyGo behind a directory
	# only root can enter was issue 13's "tinygo not found".
	chmod -R u+w,go-w,a+rX $(DESTDIR)$(PREFIX)/lib/tinybpf $(DESTDIR)$(PREFIX)/share/tinybpf $(DESTDIR)$(DOCDIR)

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/tinybpf $(DESTDIR)$(PREFIX)/lib/libtinybpf.a \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig/tinybpf.pc $(DESTDIR)$(PREFIX)/share/man/man1/tinybpf.1
	rm -rf $(DESTDIR)$(PREFIX)/include/tinybpf $(DESTDIR)$(PREFIX)/lib/tinybpf \
		$(DESTDIR)$(PREFIX)/share/tinybpf $(DESTDIR)$(DOCDIR)

# `make deb`: build/deb/tinybpf_VERSION_ARCH.deb from `make install`, checked
# with lintian; `make deb-test` installs it in a clean Debian 12 root
# (debootstrap) and builds a new project and an example there as a non-root
# user (packaging/README.md).
deb: all
	packaging/deb.sh

deb-test: deb
	packaging/deb-test.sh

clean:
	rm -rf $(BUILD)

.PHONY: all install uninstall deb deb-test clean example tools-test
