# buddyviz: a plain Makefile. `make` builds ./buddyviz; see README.md.
CC      ?= cc
PKGS    := ncursesw yaml-0.1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wcast-qual -Wundef -Wno-unused-parameter
ifneq ($(CI),)
WARN    += -Werror
endif
# GCC: with link-time optimisation, inline the allocator's small
# per-operation helpers (free lists, counters, tags) across files a little
# more eagerly than -O2 does (about 5% of the churn benchmark's time).
GCC_INLINE := $(if $(shell $(CC) -v 2>&1 | grep "^gcc version"),--param max-inline-insns-auto=100 \
              --param inline-unit-growth=300 --param large-function-growth=400)
OPT     ?= -O2 -g -flto=auto $(GCC_INLINE)
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
              $(WARN) $(OPT) $(CFLAGS) $(PKG_CFLAGS) -Isrc -MMD -MP
LDLIBS  := $(PKG_LIBS) -lm

BUILD   ?= build
# make install puts the binary, the man page and the scenarios under
# $(DESTDIR)$(PREFIX); the binary looks for installed scenarios in DATADIR.
PREFIX  ?= /usr/local
DATADIR ?= $(PREFIX)/share/buddyviz/scenarios
MANDIR  ?= $(PREFIX)/share/man/man1
ENGINE_SRC   := $(wildcard src/engine/*.c)
SCENARIO_SRC := $(wildcard src/scenario/*.c)
TUI_SRC      := $(wildcard src/tui/*.c)
REPORT_SRC   := $(wildcard src/report/*.c)
LIVE_SRC     := $(wildcard src/live/*.c)
EXPORT_SRC   := $(wildcard src/export/*.c)
LIB_SRC      := $(ENGINE_SRC) $(SCENARIO_SRC) $(REPORT_SRC) $(LIVE_SRC) $(TUI_SRC) $(EXPORT_SRC)
LIB_OBJ      := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ     := $(BUILD)/src/main.o
UNIT_SRC     := $(wildcard tests/unit/*.c)
UNIT_BIN     := $(BUILD)/unit_tests
TOOL_SRC     := $(wildcard tests/tools/*.c)
TOOL_BIN     := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)

.PHONY: all run test test-run unit asan ubsan bench deps deps-test clean fuzz fuzz-live install uninstall FORCE
.SECONDARY:
all: buddyviz

buddyviz: $(LIB_OBJ) $(MAIN_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The library folder is baked into one object; it is rebuilt when DATADIR
# changes (the stamp is rewritten only when its text differs).
$(BUILD)/datadir.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@
$(BUILD)/src/scenario/library.o: src/scenario/library.c $(BUILD)/datadir.stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DBUDDYVIZ_DATADIR='"$(DATADIR)"' -c -o $@ $<

$(UNIT_BIN): $(LIB_OBJ) $(UNIT_SRC:%.c=$(BUILD)/%.o)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tools/%: $(BUILD)/tests/tools/%.o $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

# Installs what a fresh Debian/Ubuntu machine lacks (apt as root, else says how).
deps:
	@sh tools/deps.sh
# The tests also want a headless browser (the HTML replay's test; optional).
deps-test:
	@sh tools/deps.sh --test

run: deps
	@$(MAKE) --no-print-directory buddyviz
	./buddyviz

unit: $(UNIT_BIN)
	$(UNIT_BIN)

# Like run, test first makes sure the packages are there (quiet if so);
# the sub-make then sees pkg-config's flags for them.
test: deps-test
	@$(MAKE) --no-print-directory test-run
test-run: buddyviz $(UNIT_BIN) $(TOOL_BIN)
	@sh tests/run.sh

# Sanitizer builds live in their own build dirs and binaries.
asan:
	$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fsanitize=address -fno-omit-frame-pointer -DBUDDYVIZ_DEBUG" buddyviz-asan
	BUDDYVIZ=./buddyviz-asan UNIT=build-asan/unit_tests REPLAY=build-asan/tools/fuzz_replay sh tests/run.sh
ubsan:
	$(MAKE) --no-print-directory BUILD=build-ubsan OPT="-O1 -g -fsanitize=undefined -fno-sanitize-recover=all -DBUDDYVIZ_DEBUG" \
	    buddyviz-ubsan
	BUDDYVIZ=./buddyviz-ubsan UNIT=build-ubsan/unit_tests REPLAY=build-ubsan/tools/fuzz_replay sh tests/run.sh

buddyviz-asan buddyviz-ubsan: $(LIB_OBJ) $(MAIN_OBJ) $(UNIT_BIN) $(TOOL_BIN)
	$(CC) $(ALL_CFLAGS) -o $@ $(LIB_OBJ) $(MAIN_OBJ) $(LDLIBS)

bench: buddyviz $(TOOL_BIN)
	@sh bench/run.sh

# Coverage-guided fuzzing of the scenario loader and engine (needs clang).
FUZZ_SECONDS ?= 60
fuzz:
	@mkdir -p $(BUILD)/fuzz-corpus
	clang -std=c11 -D_DEFAULT_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined -Isrc $(PKG_CFLAGS) \
	    -o $(BUILD)/fuzz_scenario tests/fuzz/fuzz_scenario.c $(ENGINE_SRC) $(SCENARIO_SRC) $(REPORT_SRC) $(PKG_LIBS)
	cp scenarios/*.yaml tests/golden/*.yaml tests/bad/*.yaml $(BUILD)/fuzz-corpus/ 2>/dev/null || true
	$(BUILD)/fuzz_scenario -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 $(BUILD)/fuzz-corpus

# The same for the /proc parsers of live, capture and import.
fuzz-live:
	@mkdir -p $(BUILD)/fuzz-live-corpus
	clang -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -O1 -g -fsanitize=fuzzer,address,undefined -Isrc $(PKG_CFLAGS) \
	    -o $(BUILD)/fuzz_live tests/fuzz/fuzz_live.c $(filter-out src/live/cli.c,$(LIVE_SRC)) $(ENGINE_SRC) $(SCENARIO_SRC) $(PKG_LIBS)
	for f in tests/live/fixtures/linux-*/*; do \
	    case $${f##*/} in buddyinfo) k=0;; pagetypeinfo) k=1;; zoneinfo) k=2;; vmstat) k=3;; version) k=4;; *) continue;; esac; \
	    { printf "\\$$(printf %03o $$k)"; cat "$$f"; } > $(BUILD)/fuzz-live-corpus/$$(echo "$$f" | tr / _); done
	$(BUILD)/fuzz_live -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=10 $(BUILD)/fuzz-live-corpus

install: buddyviz
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR) $(DESTDIR)$(DATADIR)
	install -m 755 buddyviz $(DESTDIR)$(PREFIX)/bin/buddyviz
	install -m 644 docs/buddyviz.1 $(DESTDIR)$(MANDIR)/buddyviz.1
	install -m 644 scenarios/*.yaml $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/buddyviz $(DESTDIR)$(MANDIR)/buddyviz.1
	for f in scenarios/*.yaml; do rm -f "$(DESTDIR)$(DATADIR)/$${f##*/}"; done
	-rmdir $(DESTDIR)$(DATADIR) $(DESTDIR)$(PREFIX)/share/buddyviz 2>/dev/null

clean:
	rm -rf build build-asan build-ubsan buddyviz buddyviz-asan buddyviz-ubsan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
