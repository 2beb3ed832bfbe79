# Included by the Makefile. `make test` builds the library and CLI again with
# AddressSanitizer and UndefinedBehaviorSanitizer, compiles the Go test
# programs with TinyGo, and runs every suite through tests/run.sh.
TINYGO     ?= tinygo
TEST_BUILD := $(BUILD)/test
SANITIZE   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

TEST_LIB_OBJ := $(LIB_C:%.c=$(TEST_BUILD)/obj/%.o) $(LIB_CXX:%.cpp=$(TEST_BUILD)/obj/%.o)
TEST_CLI_OBJ := $(CLI_C:%.c=$(TEST_BUILD)/obj/%.o)
TEST_SRC     := $(sort $(wildcard tests/lib/*_test.c tests/lib/passes/*_test.c tests/e2e/*_test.c))
TEST_BIN     := $(TEST_SRC:tests/%.c=$(TEST_BUILD)/bin/%)
TESTDATA_IR  := $(patsubst tests/testdata/%/main.go,$(TEST_BUILD)/testdata/%.ll,\
                  $(wildcard tests/testdata/*/main.go))
# TinyGo itself refuses these; tests/cli/bad_input_test.sh runs tinybpf build on them.
TESTDATA_IR  := $(filter-out $(TEST_BUILD)/testdata/bad_goroutine.ll \
                  $(TEST_BUILD)/testdata/bad_export_redeclared.ll \
                  $(TEST_BUILD)/testdata/sdk_helper_type.ll,$(TESTDATA_IR))
OPENAT_OBJ   := $(TEST_BUILD)/objects/tracepoint-openat.bpf.o
GLOBALS_OBJ  := $(TEST_BUILD)/objects/globals.bpf.o
CORE_OBJ     := $(TEST_BUILD)/objects/core_task.bpf.o
TYPED_GLOBALS_OBJ := $(TEST_BUILD)/objects/typed_globals.bpf.o
RING_RECORDS_OBJ  := $(TEST_BUILD)/objects/ring_records.bpf.o
MAP_OBJS     := $(TEST_BUILD)/objects/map_typed.bpf.o $(TEST_BUILD)/objects/map_in_map.bpf.o
test-build: $(MAP_OBJS)
KFUNC_OBJ    := $(TEST_BUILD)/objects/kfunc_task.bpf.o

$(TEST_BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SANITIZE) -MMD -MP -c $< -o $@

$(TEST_BUILD)/obj/%.o: %.cpp
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(ALL_CXXFLAGS) $(SANITIZE) -MMD -MP -c $< -o $@

$(TEST_BUILD)/libtinybpf.a: $(TEST_LIB_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(TEST_BUILD)/tinybpf: $(TEST_CLI_OBJ) $(TEST_BUILD)/libtinybpf.a
	$(CC) $(ALL_CFLAGS) $(SANITIZE) $^ $(LDLIBS) -o $@

$(TEST_BUILD)/bin/%: tests/%.c tests/testdata.h tests/lib/passes/fixture.h $(TEST_BUILD)/libtinybpf.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SANITIZE) $< $(TEST_BUILD)/libtinybpf.a $(LDLIBS) -lcmocka -o $@

# Real TinyGo output for the tests, never hand-written IR, made with the
# flags `tinybpf build` uses (src/lib/build/tinygo.c).
TINYGO_FLAGS := -gc=none -scheduler=none -panic=trap -opt=0
# Test programs may import the SDK (go.mod replaces it with this tree).
SDK_SOURCES  := $(wildcard bpf/*.go)
# A TinyGo built with another patch set (scripts/env.sh) is a new file: the
# IR is made again.
TINYGO_DEP := $(wildcard $(TINYGO))
$(TEST_BUILD)/testdata/%.ll: tests/testdata/%/main.go tests/testdata/go.mod $(SDK_SOURCES) $(TINYGO_DEP)
	@mkdir -p $(@D)
	cd tests/testdata && $(TINYGO) build $(TINYGO_FLAGS) -o $(abspath $@) ./$*

# The same Go optimised by TinyGo (-opt=1, the IR bench/ links and the Go
# tinybpf builds): its panics are llvm.trap calls in TinyGo's named throw
# blocks ("lookup.throw"), whose names say the cause (passes/panics.c).
# core_first_field at -opt=1 too: optimised, its offset-0 field load goes
# through the pointer itself, with no getelementptr (passes/core.c), and
# core_first_field_uses' store, queries and index through it likewise.
TESTDATA_OPT1 := $(TEST_BUILD)/testdata/index_panic.opt1.ll $(TEST_BUILD)/testdata/core_first_field.opt1.ll \
                 $(TEST_BUILD)/testdata/core_first_field_uses.opt1.ll $(TEST_BUILD)/testdata/bad_escape_more.opt1.ll
$(TEST_BUILD)/testdata/%.opt1.ll: tests/testdata/%/main.go tests/testdata/go.mod $(SDK_SOURCES) $(TINYGO_DEP)
	@mkdir -p $(@D)
	cd tests/testdata && $(TINYGO) build $(filter-out -opt=0,$(TINYGO_FLAGS)) -opt=1 -o $(abspath $@) ./$*
test-build: $(TESTDATA_OPT1)

$(OPENAT_OBJ): $(wildcard examples/tracepoint-openat/bpf/*.go) $(TEST_BUILD)/tinybpf
	@mkdir -p $(@D)
	cd examples/tracepoint-openat && $(abspath $(TEST_BUILD)/tinybpf) build -o $(abspath $@) ./bpf

$(TEST_BUILD)/objects/%.bpf.o: $(TEST_BUILD)/testdata/%.ll $(TEST_BUILD)/tinybpf
	@mkdir -p $(@D)
	$(TEST_BUILD)/tinybpf link -i $< -o $@

# The conformance suite (tests/conformance/README.md): each case's main.go,
# compiled by TinyGo and linked with the flags in its link-flags file, if any.
CONFORMANCE_CASES := $(patsubst tests/conformance/%/expect.json,%,$(wildcard tests/conformance/*/expect.json))
CONFORMANCE_IR    := $(CONFORMANCE_CASES:%=$(TEST_BUILD)/conformance/%.ll)
CONFORMANCE_OBJ   := $(CONFORMANCE_CASES:%=$(TEST_BUILD)/conformance/%.bpf.o)
CONFORMANCE_PKGS  := $(wildcard tests/conformance/internal/*/*.go)
$(TEST_BUILD)/conformance/%.ll: tests/conformance/%/main.go $(CONFORMANCE_PKGS) $(SDK_SOURCES) $(TINYGO_DEP)
	@mkdir -p $(@D)
	cd tests/conformance && $(TINYGO) build $(TINYGO_FLAGS) -o $(abspath $@) ./$*

$(TEST_BUILD)/conformance/%.bpf.o: $(TEST_BUILD)/conformance/%.ll $(TEST_BUILD)/tinybpf
	$(TEST_BUILD)/tinybpf link $< -o $@ $$(cat tests/conformance/$*/link-flags 2>/dev/null)

test-build: $(CONFORMANCE_IR) $(CONFORMANCE_OBJ) $(TEST_BUILD)/bin/conformance/conformance_test

test-build: all $(TEST_BUILD)/tinybpf $(TEST_BIN) $(TESTDATA_IR) $(OPENAT_OBJ) $(GLOBALS_OBJ) $(CORE_OBJ)

# tests/cli/generate_test.sh writes loaders for this one too.
test-build: $(TYPED_GLOBALS_OBJ) $(RING_RECORDS_OBJ)
# tests/go loads this one with cilium/ebpf.
test-build: $(KFUNC_OBJ)

# A program whose context is a tracepoint record `tinybpf types` writes from
# this kernel's tracefs at build time (tests/e2e/types_record_test.c).
TYPES_RECORD_OBJ := $(TEST_BUILD)/objects/types_record.bpf.o
$(TYPES_RECORD_OBJ): tests/e2e/types_record/main.go $(TEST_BUILD)/tinybpf $(wildcard bpf/*.go)
	rm -rf $(TEST_BUILD)/types_record && mkdir -p $(TEST_BUILD)/types_record $(@D)
	cp $< $(TEST_BUILD)/types_record/
	printf 'module typesrecord\n\ngo 1.24\n\nrequire github.com/tinybpf/tinybpf v0.0.0\n\nreplace github.com/tinybpf/tinybpf => %s\n' \
		$(abspath .) >$(TEST_BUILD)/types_record/go.mod
	$(TEST_BUILD)/tinybpf types --tracepoint syscalls/sys_enter_openat -o $(TEST_BUILD)/types_record/record_gen.go
	cd $(TEST_BUILD)/types_record && $(abspath $(TEST_BUILD)/tinybpf) build --no-cache -o $(abspath $@) .
test-build: $(TYPES_RECORD_OBJ)

test: test-build
	TEST_BUILD=$(TEST_BUILD) tests/run.sh

-include $(TEST_LIB_OBJ:.o=.d) $(TEST_CLI_OBJ:.o=.d)

.PHONY: test test-build
