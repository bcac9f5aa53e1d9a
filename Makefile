# dustwatch: plain make with pkg-config. `make run` and `make check` are the
# README's two commands; everything else is here for them.

CC      ?= cc
PKGS    := ncursesw sqlite3 libgit2 libsodium jansson yajl libqrencode cairo pangocairo libgps xlsxwriter zlib
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc -Ibuild/gen $(shell pkg-config --cflags $(PKGS))
# jemalloc for the ordinary build (README, "Libraries"); the sanitizer and
# fuzzing builds keep the C library's malloc, which ASan replaces.
MALLOC  ?= $(shell pkg-config --libs jemalloc)
LIBS    = $(shell pkg-config --libs $(PKGS)) -lcsv -lpthread -lm $(MALLOC)
VERSION := 0.1.0

SRC     := $(wildcard src/*.c src/cmd/*.c src/demo/*.c src/ui/*.c)
LIBSRC  := $(filter-out src/main.c,$(SRC))
GEN     := build/gen/schema.c build/gen/forms.c build/gen/demo.c build/gen/keys.c build/gen/targets.c
SCHEMA  := $(sort $(wildcard db/*.sql))
FORMS   := $(sort $(wildcard forms/*.form))
TARGETS := $(sort $(wildcard targets/*.targets))
UNIT    := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

# Two builds: the ordinary one and one under ASan + UBSan for `make check`.
OUT     ?= build
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

.PHONY: all deps run check check-headers test unit san bench clean demo install uninstall deb
all: $(OUT)/dustwatch

deps:
	@tools/deps.sh

build/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -O1 -o $@ $<

build/gen/schema.c: build/tools/embed $(SCHEMA)
	@mkdir -p $(@D)
	build/tools/embed embedded_schema $(SCHEMA) > $@

build/gen/forms.c: build/tools/embed $(FORMS)
	@mkdir -p $(@D)
	build/tools/embed embedded_forms $(FORMS) > $@

build/gen/demo.c: build/tools/embed src/demo/names.txt
	@mkdir -p $(@D)
	build/tools/embed embedded_demo src/demo/names.txt > $@

build/gen/keys.c: build/tools/embed src/ui/keys.txt
	@mkdir -p $(@D)
	build/tools/embed embedded_keys src/ui/keys.txt > $@

build/gen/targets.c: build/tools/embed $(TARGETS)
	@mkdir -p $(@D)
	build/tools/embed embedded_targets $(TARGETS) > $@

$(OUT)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -DDW_VERSION='"$(VERSION)"' -MMD -MP -c -o $@ $<

OBJ     = $(patsubst %.c,$(OUT)/obj/%.o,$(LIBSRC) $(GEN))

$(OUT)/libdw.a: $(OBJ)
	@rm -f $@
	ar rcs $@ $^

$(OUT)/dustwatch: $(OUT)/obj/src/main.o $(OUT)/libdw.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(OUT)/tests/%: tests/unit/%.c tests/unit/testutil.h $(OUT)/libdw.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(OUT)/libdw.a $(LIBS) -lcmocka

unit: $(addprefix $(OUT)/tests/,$(UNIT))

-include $(shell find build -name '*.d' 2>/dev/null)

san:
	$(MAKE) OUT=build/san CFLAGS="-O1 -g $(SAN)" MALLOC= all unit

# libFuzzer targets (tests/fuzz/fuzz_NAME.c, doc/fuzzing.md): the project's
# objects compiled by clang with ASan + UBSan and coverage (build/fuzz), each
# harness linked with -fsanitize=fuzzer. Needs clang; skipped without it.
FUZZ         := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 300
HAVE_CLANG   := $(shell command -v clang >/dev/null 2>&1 && echo yes)

.PHONY: fuzz fuzz-build fuzz-targets
fuzz-targets: $(addprefix $(OUT)/fuzz_,$(FUZZ))

$(OUT)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(OUT)/libdw.a
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -fsanitize=fuzzer -o $@.tmp $< $(OUT)/libdw.a $(LIBS)
	@mv $@.tmp $@ # a campaign still running keeps its own binary

fuzz-build:
ifeq ($(HAVE_CLANG),yes)
	$(MAKE) OUT=build/fuzz CC=clang CFLAGS="-O1 -g $(SAN) -fsanitize=fuzzer-no-link" MALLOC= fuzz-targets
else
	@echo "fuzz: clang not found, fuzz targets not built"
endif

# Each target for FUZZ_SECONDS from its seed corpus, at the lowest priority,
# FUZZ_JOBS at a time (default 1); what it adds goes to build/fuzz/corpus/,
# crashes to build/fuzz/crashes/ (tests/fuzz/campaign.sh).
fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/campaign.sh build/fuzz $(FUZZ)

# The UI (but src/ui/term.c) must not reach git2.h, sqlite3.h or curses.h.
check-headers:
	@CC="$(CC)" CHECK_CFLAGS="$(ALL_CFLAGS)" tools/check-headers.sh

# Every suite, twice: the plain build, then ASan + UBSan. The last line is
# the sum over every suite: "N passed, N failed".
check: deps check-headers all unit san fuzz-build
	@tests/run.sh build build/san

test: check

demo: all
	@DUSTWATCH_HOME=$${DUSTWATCH_HOME:-$$PWD/build/demo-station} ; \
	if [ ! -f "$$DUSTWATCH_HOME/dustwatch.db" ]; then build/dustwatch demo "$$DUSTWATCH_HOME"; fi

run: deps all demo
	@DUSTWATCH_HOME=$${DUSTWATCH_HOME:-$$PWD/build/demo-station} build/dustwatch

bench: all
	@tests/bench/run.sh build

# Installing: the usual names, DESTDIR for staging (the Debian package uses
# it). Nothing installed reads the source tree: forms and schema are
# compiled in. The man pages in zh_CN/ are the Chinese translations; man
# picks them by locale.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man
DOCDIR  ?= $(DATADIR)/doc/dustwatch
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
INSTALL ?= install
GUIDES  := $(wildcard doc/*.md)

install: all
	$(INSTALL) -D -m 0755 $(OUT)/dustwatch $(DESTDIR)$(BINDIR)/dustwatch
	$(INSTALL) -D -m 0644 doc/dustwatch.1 $(DESTDIR)$(MANDIR)/man1/dustwatch.1
	$(INSTALL) -D -m 0644 doc/dustwatch-forms.5 $(DESTDIR)$(MANDIR)/man5/dustwatch-forms.5
	$(INSTALL) -D -m 0644 doc/zh/dustwatch.1 $(DESTDIR)$(MANDIR)/zh_CN/man1/dustwatch.1
	$(INSTALL) -D -m 0644 doc/zh/dustwatch-forms.5 $(DESTDIR)$(MANDIR)/zh_CN/man5/dustwatch-forms.5
	$(INSTALL) -D -m 0755 sync/pre-receive $(DESTDIR)$(DATADIR)/dustwatch/pre-receive
	$(INSTALL) -D -m 0644 tools/dustwatch.bash $(DESTDIR)$(BASHCOMPDIR)/dustwatch
	$(INSTALL) -d $(DESTDIR)$(DOCDIR)/sync
	$(INSTALL) -m 0644 $(GUIDES) $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 0644 sync/README.md $(DESTDIR)$(DOCDIR)/sync/README.md

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dustwatch
	rm -f $(DESTDIR)$(MANDIR)/man1/dustwatch.1 $(DESTDIR)$(MANDIR)/man5/dustwatch-forms.5
	rm -f $(DESTDIR)$(MANDIR)/zh_CN/man1/dustwatch.1 $(DESTDIR)$(MANDIR)/zh_CN/man5/dustwatch-forms.5
	rm -f $(DESTDIR)$(BASHCOMPDIR)/dustwatch
	rm -rf $(DESTDIR)$(DATADIR)/dustwatch $(DESTDIR)$(DOCDIR)

# The Debian package, built from debian/ in a clean copy of the tree (so
# dpkg-buildpackage's output and its clean step stay inside build/).
DEBARCH  = $(shell dpkg --print-architecture)
deb:
	rm -rf build/deb && mkdir -p build/deb/dustwatch-$(VERSION)
	tar --exclude=./build --exclude=./.git -cf - . | tar -C build/deb/dustwatch-$(VERSION) -xf -
	cd build/deb/dustwatch-$(VERSION) && dpkg-buildpackage -b -us -uc
	cp build/deb/dustwatch_$(VERSION)_$(DEBARCH).deb build/
	@echo build/dustwatch_$(VERSION)_$(DEBARCH).deb

clean:
	rm -rf build
