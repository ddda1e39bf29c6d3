# dutylist - 乡镇职责清单管理系统
#
#   make          build ./dutylist
#   make run      install what is missing, build, and serve ./dutylist.db
#                 (made with the demo catalogue if missing) on 127.0.0.1:8080
#   make check    install what is missing, build with -Werror, run every
#                 suite, then again under AddressSanitizer + UBSan
#   make bench    the benchmarks in bench/ (figures, not pass/fail)

CC      ?= cc
PKGS    := sqlite3 jansson libsodium libutf8proc libmicrohttpd xlsxwriter libzip expat
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) \
              $(PKG_CFLAGS) -Isrc -Ibuild
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer

SRC        := $(sort $(wildcard src/*/*.c))
EMBED      := $(sort $(wildcard data/demo/*.csv web/templates/*.html web/static/* web/i18n/*.json))
OBJ        := $(SRC:src/%.c=build/obj/%.o) build/obj/embedded.o
SAN_OBJ    := $(SRC:src/%.c=build/san/%.o) build/san/embedded.o
UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=build/tests/%)
SAN_UNIT   := $(UNIT_SRC:tests/unit/%.c=build/san-tests/%)

.PHONY: all deps run check unit cli http browser screening sanitize bench fuzz clean
all: dutylist

deps:
	@sh scripts/deps.sh

build/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -O1 -o $@ $<

build/embedded.c: build/embed $(EMBED)
	build/embed $@ $(EMBED)

build/obj/embedded.o: build/embedded.c src/util/embed.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
build/san/embedded.o: build/embedded.c src/util/embed.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

# The screening engine's matching loops take 4-5 % fewer instructions at
# -O3 (callgrind on bench/screen's corpus); SCREEN_OPT= builds it like the rest.
SCREEN_OPT ?= -O3
build/obj/screen/%.o: ALL_CFLAGS += $(SCREEN_OPT)
build/obj/%.o: src/%.c
	@mkdir -p $(@D)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
build/san/%.o: src/%.c
	@mkdir -p $(@D)
	@echo "CC (sanitize) $<"
	@$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -MMD -MP -c -o $@ $<

build/libdutylist.a: $(filter-out build/obj/main.o,$(OBJ))
	$(AR) rcs $@ $^
build/libdutylist-san.a: $(filter-out build/san/main.o,$(SAN_OBJ))
	$(AR) rcs $@ $^

dutylist: build/obj/main.o build/libdutylist.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS)
build/dutylist-san: build/san/main.o build/libdutylist-san.a
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS)

build/obj/main.o: src/main.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
build/san/main.o: src/main.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -MMD -MP -c -o $@ $<

build/tests/%: tests/unit/%.c tests/unit/testutil.h tests/unit/teststore.h build/libdutylist.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< build/libdutylist.a $(PKG_LIBS) -lcmocka
build/san-tests/%: tests/unit/%.c tests/unit/testutil.h tests/unit/teststore.h build/libdutylist-san.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -Itests/unit -o $@ $< build/libdutylist-san.a \
		$(PKG_LIBS) -lcmocka

HTTP_SRC   := $(sort $(wildcard tests/http/*.c))
build/tests/http: $(HTTP_SRC) $(wildcard tests/http/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/http -o $@ $(HTTP_SRC) $$(pkg-config --cflags --libs libcurl jansson)

http: dutylist build/tests/http
	@build/tests/http ./dutylist

# Browser tests: Playwright (npm playwright-core) driving Debian's chromium.
node_modules/.package-lock.json: package.json package-lock.json
	@npm ci --silent --no-audit --no-fund

browser: dutylist node_modules/.package-lock.json
	@node tests/browser/run.mjs ./dutylist

unit: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

cli: dutylist
	@sh tests/cli/run.sh ./dutylist

screening: dutylist
	@sh tests/screening/run.sh ./dutylist

SAN_ENV := ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1

check: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN) build/tests/http build/dutylist-san \
		$(SAN_UNIT) node_modules/.package-lock.json
	@sh tests/check.sh \
		"unit:sh tests/run-unit.sh $(UNIT_BIN)" \
		"cli:sh tests/cli/run.sh ./dutylist" \
		"http:build/tests/http ./dutylist" \
		"browser:node tests/browser/run.mjs ./dutylist" \
		"screening:sh tests/screening/run.sh ./dutylist" \
		"unit (ASan+UBSan):$(SAN_ENV) sh tests/run-unit.sh $(SAN_UNIT)" \
		"cli (ASan+UBSan):$(SAN_ENV) sh tests/cli/run.sh build/dutylist-san" \
		"http (ASan+UBSan):$(SAN_ENV) build/tests/http build/dutylist-san"

sanitize: build/dutylist-san $(SAN_UNIT) build/tests/http
	@$(SAN_ENV) sh tests/run-unit.sh $(SAN_UNIT)
	@$(SAN_ENV) sh tests/cli/run.sh build/dutylist-san
	@$(SAN_ENV) build/tests/http build/dutylist-san

# Fuzzing (libFuzzer, clang): the screening engine and the notices' text
# decoders, each for FUZZ_SECONDS (default 60), starting from the seed
# corpus in tests/fuzz/NAME/.  Fails on any crash, leak, sanitizer report
# or input slower than FUZZ_TIMEOUT seconds (the reproducer is left in
# build/fuzz/).  See tests/fuzz/README.md.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 10
FUZZ_TARGETS := screen text docx
FUZZ_SRC     := src/screen/screen.c src/io/text.c src/io/docx.c src/util/buf.c \
                src/util/utf8.c src/util/err.c
FUZZ_FLAGS   := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -O1 -g \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer $(PKG_CFLAGS) -Isrc
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_SRC) $(wildcard src/screen/*.h src/io/*.h src/util/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_SRC) $(PKG_LIBS)

fuzz: $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus-$$t build/fuzz/artifacts-$$t; \
		echo "fuzz $$t: $(FUZZ_SECONDS) s"; \
		ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) \
			-rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 \
			-artifact_prefix=build/fuzz/artifacts-$$t/ \
			build/fuzz/corpus-$$t tests/fuzz/$$t 2>build/fuzz/$$t.log || \
			{ tail -n 60 build/fuzz/$$t.log; echo "fuzz $$t: FAILED (log build/fuzz/$$t.log)"; exit 1; }; \
		grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' build/fuzz/$$t.log | tr '\n' ' '; \
		echo; \
	done

run: deps
	@$(MAKE) --no-print-directory all
	@./dutylist serve --db dutylist.db

bench: all build/libdutylist.a
	@sh bench/import/run.sh
	@sh bench/http/run.sh
	@sh bench/audit/run.sh
	@sh bench/review/run.sh
	@sh bench/whistle/run.sh
	@sh bench/excel/run.sh
	@sh bench/screen/run.sh

clean:
	rm -rf build dutylist node_modules

-include $(OBJ:.o=.d) $(SAN_OBJ:.o=.d)
