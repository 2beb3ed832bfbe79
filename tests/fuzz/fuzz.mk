# In-tree fuzzing (tests/fuzz/README.md), included by the Makefile.
#   make fuzz [FUZZ_TIME=seconds] [FUZZ_TARGETS="config verify"]
# builds each libFuzzer target with clang (ASan, UBSan) and runs it for
# FUZZ_TIME seconds on its seeds (real TinyGo output and objects, made by
# tests/fuzz/seeds.sh) and its regression inputs, one target after the
# other. `make test` replays tests/fuzz/regressions/<target>/, each input
# once, through tests/fuzz/replay.c against the sanitized test library.
FUZZ_CC      ?= clang-22
FUZZ_CXX     ?= clang++-22
FUZZ_TIME    ?= 60
FUZZ_TARGETS ?= load_inputs config generate verify
FUZZ_BUILD   := $(BUILD)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_LIB_OBJ := $(LIB_C:%.c=$(FUZZ_BUILD)/obj/%.o) $(LIB_CXX:%.cpp=$(FUZZ_BUILD)/obj/%.o)
FUZZ_ALL     := load_inputs config generate verify

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) -std=c11 $(WARNINGS) -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/obj/%.o: %.cpp
	@mkdir -p $(@D)
	$(FUZZ_CXX) $(CPPFLAGS) $(ALL_CXXFLAGS) -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/libtinybpf.a: $(FUZZ_LIB_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(FUZZ_BUILD)/bin/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_BUILD)/libtinybpf.a
	@mkdir -p $(@D)
	$(FUZZ_CXX) $(CPPFLAGS) -x c -std=c11 $(WARNINGS) -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer -c $< -o $@.o
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer $@.o $(FUZZ_BUILD)/libtinybpf.a $(LDLIBS) -o $@

# One target at a time (the machine is shared): -len_control=0 mutates
# whole objects and IR files from the start (libFuzzer would otherwise cut
# its inputs to a few KB for a long while). The corpus grows in
# build/fuzz/corpus/<target>; a crash lands in build/fuzz/artifacts/<target>/
# and stops `make fuzz` with libFuzzer's report.
fuzz: test-build $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/bin/%)
	tests/fuzz/seeds.sh $(FUZZ_BUILD)/corpus $(TEST_BUILD)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/artifacts/$$t; \
		echo "== fuzz $$t for $(FUZZ_TIME) s"; \
		$(FUZZ_BUILD)/bin/$$t -max_total_time=$(FUZZ_TIME) -timeout=60 -rss_limit_mb=4096 -len_control=0 \
			-print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t/ \
			$(FUZZ_BUILD)/corpus/$$t tests/fuzz/regressions/$$t || exit 1; \
	done

# The replayers `make test` runs (tests/fuzz/regressions.sh).
FUZZ_REPLAY := $(FUZZ_ALL:%=$(TEST_BUILD)/fuzz/%)
$(TEST_BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(TEST_BUILD)/libtinybpf.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SANITIZE) $< tests/fuzz/replay.c $(TEST_BUILD)/libtinybpf.a $(LDLIBS) -o $@
test-build: $(FUZZ_REPLAY)

-include $(FUZZ_LIB_OBJ:.o=.d)

.PHONY: fuzz
