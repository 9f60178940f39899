# booklet — see README.md.
#   make          install missing Debian packages (as root), build build/booklet
#                 and every booklet into out/
#   make check    every test: unit tests (plain and under ASan/UBSan), golden
#                 files, end-to-end checks of the PDFs, the bad-input suite
#   make bench    the benchmark (bench/README.md); never part of check
#   make fuzz     libFuzzer targets for FUZZ_SECONDS each (needs clang-14)
#   make clean    remove build/ and out/

.DEFAULT_GOAL := all
SHELL := /bin/bash

PACKAGES := gcc make pkg-config libhpdf-dev libharfbuzz-dev libfreetype-dev \
            libxml2-dev libicu-dev libcmocka-dev libhyphen-dev hyphen-en-us zlib1g-dev \
            libfontconfig-dev fontconfig fonts-noto-core fonts-noto-cjk poppler-utils qpdf jing \
            gmt gmt-gshhg-low gmt-dcw python3-yaml python3-pikepdf icc-profiles-free argyll \
            mupdf-tools

PKGS := harfbuzz harfbuzz-subset freetype2 fontconfig libxml-2.0 icu-uc icu-i18n

CC ?= cc
# pipeline/ is grouped by stage (docs/ARCHITECTURE.md); headers are included
# by bare name, so every stage folder is on the include path.
PIPELINE_DIRS := $(sort $(dir $(wildcard pipeline/*/*.c)))
CFLAGS_BASE := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
               $(addprefix -I,$(PIPELINE_DIRS))
CFLAGS ?= -O2 -g
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=undefined

# Files made here belong to whoever runs make: refuse to run as another user
# than the clone's owner (a root build in a user's clone leaves build/ and
# out/ the owner cannot clean). `make install` only copies, and clean only
# removes. OWNER_CHECK=no turns the check off.
CLONE_UID := $(shell stat -c %u . 2>/dev/null)
MY_UID := $(shell id -u)
ifneq ($(OWNER_CHECK),no)
ifneq ($(CLONE_UID),$(MY_UID))
ifneq ($(filter-out clean install uninstall,$(or $(MAKECMDGOALS),all)),)
$(error this clone belongs to user $(shell id -nu $(CLONE_UID) 2>/dev/null || echo $(CLONE_UID)), but make runs as $(shell id -nu): what it builds would belong to the wrong user. Run make as the clone's owner, or chown -R the clone first (OWNER_CHECK=no to build anyway))
endif
endif
endif

# Reproducible outputs: dates come from the last commit unless given. When
# git cannot give one (not a checkout, no commit yet, a checkout git
# refuses to read, such as "dubious ownership"), the edition is dated today
# and a note says why; never 1 January 1970.
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
EPOCH_FROM_GIT := $(shell d=$$(git log -1 --format=%ct 2>&1); \
    if [[ $$d =~ ^[0-9]+$$ ]]; then echo "$$d"; \
    else echo "$$(date +%s) $$(printf '%s' "$$d" | head -n 1)"; fi)
SOURCE_DATE_EPOCH := $(firstword $(EPOCH_FROM_GIT))
ifneq ($(words $(EPOCH_FROM_GIT)),1)
$(info note: the edition date is today's: git gave no commit date \
  ($(wordlist 2,$(words $(EPOCH_FROM_GIT)),$(EPOCH_FROM_GIT))))
endif
endif
export SOURCE_DATE_EPOCH

LIB_SRC := $(filter-out pipeline/cli/main.c,$(wildcard pipeline/*/*.c)) pipeline/ingest/schema.S \
           pipeline/core/schemas.S
# The schemas built into the program (.incbin in the .S files).
SCHEMA_FILES := pipeline/ingest/tei-booklet.rng $(wildcard schemas/*.rng)
LIB_OBJ := $(patsubst pipeline/%,build/obj/%.o,$(LIB_SRC))
ASAN_OBJ := $(patsubst pipeline/%,build/asan/%.o,$(LIB_SRC))
ACTION_VALIDATOR := build/npm/node_modules/.bin/action-validator
TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

# The three handouts: language -> plain-text source.
LANGS := vi zh en
SRC_vi := sources/vi-opium-war-end.txt
SRC_zh := sources/zh-second-opium-war.txt
SRC_en := sources/en-battle-of-baliqiao.txt
# Parallel editions: three columns on A4, and Chinese | English on facing
# A5 pages, passages aligned by sources/alignment.xml.
PARALLEL := $(foreach p,parallel-vi-zh-en parallel-zh-en,out/$(p).pdf out/$(p)-print.pdf \
              out/$(p)-imposed.pdf)
HANDOUTS := $(foreach l,$(LANGS),out/handout-$(l).pdf out/handout-$(l)-print.pdf \
              out/handout-$(l)-imposed.pdf)

.PHONY: all deps check check-unit check-asan check-e2e clean
.DELETE_ON_ERROR:

all: build/booklet $(HANDOUTS) $(PARALLEL)

# ---- Debian packages ------------------------------------------------------
# A stamp keeps a second `make` silent; it is remade when this file changes.
# $(call install_missing,PACKAGES,what for): installs the packages dpkg does
# not have (as root), or prints the apt-get line and fails.
define install_missing
	@missing=$$(for p in $(1); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing missing Debian packages:" $$missing; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "Missing Debian packages$(2). Run as root:"; \
	    echo "  apt-get update && apt-get install -y" $$missing; \
	    exit 1; \
	  fi; \
	fi
endef

# DEPS_CHECK=no skips the check (a Debian package build: dpkg-checkbuilddeps
# has done it).
DEPS_CHECK ?= yes
build/deps.stamp: Makefile
	@mkdir -p build
	$(if $(filter no,$(DEPS_CHECK)),,$(call install_missing,$(PACKAGES),))
	@touch $@

deps: build/deps.stamp

# ---- the program ------------------------------------------------------------
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lhpdf -lhyphen -lz -lm
# The program links libxml2 and ICU (with what they bring: liblzma,
# libstdc++), libhyphen and fontconfig (with expat) from their archives:
# loading them as shared libraries was a fixed cost of every command, some
# 5 ms of CPU before main (ICU's relocations, libstdc++'s start-up), and
# `make` runs eight commands. HarfBuzz and libharu have no archives in
# Debian; FreeType and zlib stay shared with them. The tests and the ASan
# build link everything shared (PKG_LIBS); STATIC_LIBS=no does so for the
# program too.
STATIC_LIBS ?= yes
ifeq ($(STATIC_LIBS),no)
PROGRAM_LIBS = $(PKG_LIBS)
else
PROGRAM_LIBS = $(shell pkg-config --libs harfbuzz harfbuzz-subset) \
               -Wl,-Bstatic -lxml2 -llzma -licui18n -licuuc -licudata -lfontconfig -lexpat \
               -lhyphen -lstdc++ -Wl,-Bdynamic -lhpdf -lfreetype -lz -lm -lpthread
endif

build/obj/%.c.o: pipeline/%.c | build/deps.stamp
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

build/obj/%.S.o: pipeline/%.S $(SCHEMA_FILES) | build/deps.stamp
	@mkdir -p $(@D)
	$(CC) -c $< -o $@

build/asan/%.c.o: pipeline/%.c | build/deps.stamp
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(ASAN_FLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

build/asan/%.S.o: pipeline/%.S $(SCHEMA_FILES) | build/deps.stamp
	@mkdir -p $(@D)
	$(CC) -c $< -o $@

build/booklet: build/obj/cli/main.c.o $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ $(PROGRAM_LIBS) -o $@

build/booklet-asan: build/asan/cli/main.c.o $(ASAN_OBJ)
	$(CC) $(ASAN_FLAGS) $^ $(PKG_LIBS) -o $@

-include $(wildcard build/obj/*/*.d build/asan/*/*.d)

# ---- booklets -----------------------------------------------------------------
# Every run also writes what it read, as a Make rule (--deps, like gcc -MD),
# into out/deps/: the source, rules and catalog of an ingest; the layout and
# the layouts it extends, the fonts configuration, the font files, the
# message catalogs, the data files, map definitions and geodata of a build.
# Those files are included below, so a change to any of them rebuilds
# exactly the outputs that read it; the rules only name what a first build
# needs (the sources and the program).
DEPS_DIR := out/deps

define HANDOUT_RULES
out/xml/$(1).xml: $(SRC_$(1)) build/booklet
	@mkdir -p $$(@D) $(DEPS_DIR)
	build/booklet ingest $(SRC_$(1)) -o $$@ --deps $(DEPS_DIR)/xml-$(1).d

# One run writes the three PDFs of a handout: it is typeset once.
out/handout-$(1).pdf out/handout-$(1)-print.pdf out/handout-$(1)-imposed.pdf &: out/xml/$(1).xml layouts/opium-war/handout.xml build/booklet
	@mkdir -p $(DEPS_DIR)
	build/booklet build --strict layouts/opium-war/handout.xml out/xml/$(1).xml \
	  -o out/handout-$(1).pdf --print out/handout-$(1)-print.pdf --imposed out/handout-$(1)-imposed.pdf \
	  --deps $(DEPS_DIR)/handout-$(1).d
endef
$(foreach l,$(LANGS),$(eval $(call HANDOUT_RULES,$(l))))

# out/NAME.pdf, out/NAME-print.pdf, out/NAME-imposed.pdf of a parallel
# edition: NAME, layout, texts
define PARALLEL_RULES
out/$(1).pdf out/$(1)-print.pdf out/$(1)-imposed.pdf &: $(foreach t,$(3),out/xml/$(t).xml) layouts/opium-war/$(2).xml build/booklet
	@mkdir -p $(DEPS_DIR)
	build/booklet build --strict layouts/opium-war/$(2).xml $(foreach t,$(3),out/xml/$(t).xml) \
	  --reading out/$(1).pdf --print out/$(1)-print.pdf --imposed out/$(1)-imposed.pdf \
	  --deps $(DEPS_DIR)/$(1).d
endef
$(eval $(call PARALLEL_RULES,parallel-vi-zh-en,parallel-3,vi zh en))
$(eval $(call PARALLEL_RULES,parallel-zh-en,parallel-facing,zh en))

-include $(wildcard $(DEPS_DIR)/*.d)

# ---- tests ----------------------------------------------------------------
build/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) $(PKG_CFLAGS) $^ $(PKG_LIBS) -lcmocka -o $@

build/tests-asan/%: tests/unit/%.c $(ASAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(ASAN_FLAGS) $(PKG_CFLAGS) $^ $(PKG_LIBS) -lcmocka -o $@

check-unit: $(addprefix build/tests/,$(TESTS))
	@bash tests/run-unit.sh unit build/tests $(TESTS)

check-asan: $(addprefix build/tests-asan/,$(TESTS)) build/booklet-asan
	@ASAN_OPTIONS=detect_leaks=1 bash tests/run-unit.sh asan build/tests-asan $(TESTS)

check-e2e: all build/booklet-asan $(ACTION_VALIDATOR)
	@bash tests/e2e/run.sh
	@bash tests/e2e/print.sh
	@bash tests/e2e/parallel.sh
	@bash tests/e2e/parallel-gaps.sh
	@bash tests/e2e/hang-punct.sh
	@bash tests/e2e/align.sh
	@bash tests/e2e/readme.sh
	@bash tests/e2e/own-content.sh
	@bash tests/e2e/citations.sh
	@bash tests/e2e/own-map.sh
	@bash tests/e2e/map-check.sh
	@bash tests/e2e/golden-trace.sh
	@bash tests/e2e/tei.sh
	@bash tests/e2e/data.sh
	@bash tests/e2e/install.sh
	@bash tests/e2e/ci-templates.sh
	@bash tests/e2e/watch.sh
	@bash tests/e2e/deps.sh
	@bash tests/e2e/pages.sh
	@bash tests/e2e/typography.sh
	@bash tests/e2e/fill.sh
	@bash tests/e2e/tagged.sh
	@bash tests/e2e/standards.sh

check: check-unit check-asan check-e2e

# The CI templates (.github/workflows/, .gitlab-ci.yml) are checked with
# action-validator from the npm registry (pinned), installed under build/npm
# with Debian's nodejs and npm when no npm is on the machine.
$(ACTION_VALIDATOR): | build/deps.stamp
	@mkdir -p build/npm
	@if ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing missing Debian packages: nodejs npm"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null || exit 1; \
	  else \
	    echo "Missing Debian packages for the CI template check. Run as root:"; \
	    echo "  apt-get update && apt-get install -y nodejs npm"; exit 1; \
	  fi; \
	fi
	npm install --no-audit --no-fund --silent --prefix build/npm @action-validator/cli@0.6.0

# ---- bad input ----------------------------------------------------------------
# Every command fed input it must refuse, under ASan/UBSan with leak checks:
# exit code, message with file:line:col, no crash, hang, leak or output.
.PHONY: check-bad
check: check-bad

# The fuzz targets, built with cc and ASan/UBSan against a plain driver,
# replay their seeds and every input that once broke them (no clang needed).
FUZZ_ALL := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY := $(addprefix build/fuzz-replay/fuzz_,$(FUZZ_ALL))

build/fuzz-replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(wildcard tests/fuzz/*.h) $(ASAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(ASAN_FLAGS) -DBK_FUZZ_ROOT='"$(CURDIR)"' $(PKG_CFLAGS) $< tests/fuzz/replay.c $(ASAN_OBJ) $(PKG_LIBS) -o $@

check-bad: build/booklet build/booklet-asan $(FUZZ_REPLAY)
	@bash tests/bad-input/run.sh

clean:
	rm -rf build out

# ---- fuzzing (libFuzzer; not part of `make check`) --------------------------
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="ingest xml layout typeset"]
#            [FUZZ_JOBS=2]
# Builds each target of tests/fuzz/ with clang -fsanitize=fuzzer,address,
# undefined and runs it FUZZ_SECONDS from the seeds in tests/fuzz/corpus/T/
# (new inputs go to build/fuzz/corpus/T/, crashes to build/fuzz/artifacts/).
# Targets (tests/fuzz/fuzz_T.c, one per reader of external data): ingest,
# catalog, xml, compose, table, events, align, layout, fonts, font, hyphen,
# messages, geo, map, typeset, build, anchor; dictionaries and input sizes per
# target are in tests/fuzz/run.sh.
.PHONY: fuzz fuzz-build
FUZZ_PACKAGES := clang-14 libclang-rt-14-dev
FUZZ_CC := clang-14
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 2
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_CFLAGS := $(filter-out -Werror,$(CFLAGS_BASE)) -O1 -g \
               -fsanitize=address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=undefined -DBK_FUZZ_ROOT='"$(CURDIR)"'
FUZZ_OBJ := $(patsubst pipeline/%,build/fuzz/obj/%.o,$(LIB_SRC))

build/fuzz/deps.stamp: Makefile
	@mkdir -p $(@D)
	$(call install_missing,$(FUZZ_PACKAGES), for fuzzing)
	@touch $@

build/fuzz/obj/%.c.o: pipeline/%.c | build/deps.stamp build/fuzz/deps.stamp
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -MMD -MP -c $< -o $@

build/fuzz/obj/%.S.o: pipeline/%.S $(SCHEMA_FILES) | build/deps.stamp build/fuzz/deps.stamp
	@mkdir -p $(@D)
	$(FUZZ_CC) -c $< -o $@

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) $< $(FUZZ_OBJ) $(PKG_LIBS) -o $@

-include $(wildcard build/fuzz/obj/*/*.d)
.SECONDARY: $(FUZZ_OBJ)

fuzz-build: $(addprefix build/fuzz/fuzz_,$(FUZZ_TARGETS))

fuzz: fuzz-build
	@bash tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_JOBS) $(FUZZ_TARGETS)

# ---- benchmark (not part of `make check`; see bench/README.md) ---------------
#   make bench [BENCH_RUNS=5]
# Times whole runs of build/booklet (ingests, the trilingual handout, every
# output of `make`, the texts repeated x1/x10/x40) and prints a table, also
# written to out/bench/results.txt. Targets are reported, never enforced.
# Then bench/peers.sh sets bench/peer-spec.xml (the peers' specification)
# and prints its typography figures beside the peers' PDFs (out/bench/peers.txt).
.PHONY: bench
BENCH_RUNS ?= 5

build/bench/runstat: bench/runstat.c | build/deps.stamp
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -O2 $< -o $@

# the shaping floor (bench/floor.c, a copy of ../shared/tools/floor.c)
build/bench/floor: bench/floor.c | build/deps.stamp
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -O2 $(PKG_CFLAGS) $< -lharfbuzz -o $@

bench: build/booklet build/bench/runstat build/bench/floor $(foreach l,$(LANGS),out/xml/$(l).xml)
	@BENCH_RUNS='$(BENCH_RUNS)' bash bench/bench.sh
	@bash bench/peers.sh

# ---- installation -------------------------------------------------------------
#   make install [PREFIX=/usr/local] [DESTDIR=]
# The program, its data under share/booklet (the fonts configuration, the
# neutral layouts, the message catalogs, the starter project, the schemas),
# the manual page and bash completion. The installed program finds its data
# beside itself (bin/../share/booklet); BOOKLET_DATA names another folder.
.PHONY: install uninstall
PREFIX ?= /usr/local
BINDIR := $(DESTDIR)$(PREFIX)/bin
SHAREDIR := $(DESTDIR)$(PREFIX)/share/booklet
MANDIR := $(DESTDIR)$(PREFIX)/share/man/man1
COMPDIR := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
DOCDIR := $(DESTDIR)$(PREFIX)/share/doc/booklet
INSTALL_DATA := fonts/fonts.xml $(wildcard layouts/*.xml) $(wildcard messages/*.xml) color/FOGRA39L-argyll.icc \
                $(wildcard templates/starter/*) $(wildcard schemas/*.rng)

install: build/booklet
	install -d $(BINDIR) $(MANDIR) $(COMPDIR) $(DOCDIR)
	install -m 755 build/booklet $(BINDIR)/booklet
	for f in $(INSTALL_DATA); do install -D -m 644 $$f $(SHAREDIR)/$$f || exit 1; done
	gzip -9n < docs/booklet.1 > $(MANDIR)/booklet.1.gz
	chmod 644 $(MANDIR)/booklet.1.gz
	install -m 644 docs/booklet.bash-completion $(COMPDIR)/booklet
	install -m 644 README.md $(DOCDIR)/README.md
	for f in docs/*.md; do install -m 644 $$f $(DOCDIR)/ || exit 1; done

uninstall:
	rm -f $(BINDIR)/booklet $(MANDIR)/booklet.1.gz $(COMPDIR)/booklet
	rm -rf $(SHAREDIR) $(DOCDIR)

# ---- Debian package -------------------------------------------------------------
#   make deb    builds build/deb/booklet_VERSION_ARCH.deb from the committed tree
#               (git archive HEAD) with dpkg-buildpackage, then runs lintian
#               (errors fail). tools/deb-smoke.sh installs it in a fresh
#               Debian 12 root made with debootstrap and builds a handout.
.PHONY: deb
DEB_PACKAGES := dpkg-dev debhelper lintian fakeroot
deb: | build/deps.stamp
	$(call install_missing,$(DEB_PACKAGES), for the Debian package)
	rm -rf build/deb && mkdir -p build/deb/src
	git archive --format=tar HEAD | tar -x -C build/deb/src
	cd build/deb/src && dpkg-buildpackage -us -uc -b
	lintian --fail-on error build/deb/booklet_*.deb
	@ls build/deb/*.deb
