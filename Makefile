# tinybpf — build, test, install.
#   make                 build/bin/tinybpf and build/lib/libtinybpf.a
#   make test            unit tests (ASan+UBSan) and end-to-end tests on this kernel
#   make install PREFIX=/usr/local
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

LIB_C   := $(sort $(wildcard src/lib/*.c src/lib/passes/*.c))
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

$(BUILD)/bin/tinybpf: $(CLI_OBJ) $(BUILD)/lib/libtinybpf.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Wl,--as-needed $^ $(LLVM_STATIC) $(SYS_LIBS) -o $@

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# The helper table is generated from the UAPI header; `make helper-table`
# refreshes it after a linux-libc-dev update.
helper-table:
	scripts/gen-helper-table.sh

include tests/tests.mk

# Benchmarks against the Go tinybpf and clang (bench/README.md); rewrites
# BENCHMARKS.md. Not part of `make test`: timings are not pass/fail.
bench: all
	bench/run.sh

.PHONY: bench

# Mutation testing (tests/mutate/mutate.py): breaks src/ one mutant at a time in
# a scratch copy and reports, per file, the mutants no suite notices.
# FILES="src/lib/a.c ..." for a subset, JOBS=N workers (default 1).
mutate: test-build
	TINYGO=$(TINYGO) tests/mutate/mutate.py $(if $(FILES),--files "$(FILES)") $(if $(JOBS),--jobs $(JOBS))

.PHONY: mutate

# `make example NAME=x` builds examples/x: its BPF object with this tree's
# tinybpf (through the example's scripts/build.sh) and its Go tracer.
EXAMPLE_NAMES := $(sort $(patsubst examples/%/scripts/build.sh,%,$(wildcard examples/*/scripts/build.sh)))
example: $(BUILD)/bin/tinybpf
	@if [ -z "$(NAME)" ]; then \
		echo "make example: which one? NAME= one of: $(EXAMPLE_NAMES)" >&2; exit 2; \
	elif [ ! -x "examples/$(NAME)/scripts/build.sh" ]; then \
		echo "make example: no example \"$(NAME)\"; NAME= one of: $(EXAMPLE_NAMES)" >&2; exit 2; fi
	TINYBPF_BIN=$(abspath $(BUILD)/bin/tinybpf) examples/$(NAME)/scripts/build.sh
	cd examples/$(NAME) && go build -o build/tracer ./cmd/tracer
	@echo "built examples/$(NAME)/build/tracer; run it as root from examples/$(NAME)"

install: all
	install -D -m 0755 $(BUILD)/bin/tinybpf $(DESTDIR)$(PREFIX)/bin/tinybpf
	install -D -m 0644 $(BUILD)/lib/libtinybpf.a $(DESTDIR)$(PREFIX)/lib/libtinybpf.a
	install -D -m 0644 include/tinybpf/tinybpf.h $(DESTDIR)$(PREFIX)/include/tinybpf/tinybpf.h
	install -D -m 0644 docs/tinybpf.1 $(DESTDIR)$(PREFIX)/share/man/man1/tinybpf.1

clean:
	rm -rf $(BUILD)

.PHONY: all install clean helper-table example
