# The two commands of the README: `make demo` and `make test`. Both install missing Debian
# packages first, then configure and build with CMake.
BUILD ?= build
JOBS ?= $(shell nproc)
WERROR ?= OFF

.PHONY: all deps build demo test test-sanitize bench fuzz campaign clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DA72SIM_WERROR=$(WERROR) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

demo: build
	./$(BUILD)/a72sim --stats $(BUILD)/demo/hyp.elf

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

# The unit and guest tests once more under AddressSanitizer and UndefinedBehaviorSanitizer (the
# libFuzzer targets are sanitized builds already: not built again here).
test-sanitize: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DA72SIM_SANITIZE=ON -DA72SIM_FUZZ=OFF -DA72SIM_WERROR=$(WERROR) >/dev/null
	@cmake --build build-asan -j$(JOBS)
	ctest --test-dir build-asan --output-on-failure -j$(JOBS) -LE 'oracle|bench|fuzz'

# Each libFuzzer target for FUZZ_SECONDS (docs/robustness.md); findings are kept in $(BUILD)/fuzz/findings.
FUZZ_SECONDS ?= 600
fuzz: build
	@mkdir -p $(BUILD)/fuzz/findings
	@for t in exec elf suite cli; do \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	    A72SIM_FUZZ_ARTIFACTS=$(BUILD)/fuzz/findings ./fuzz/run.sh $(BUILD)/fuzz/libfuzzer/fuzz_$$t \
	        fuzz/corpus/$$t $(FUZZ_SECONDS) || exit 1; \
	done

# The random-instruction campaign over more seeds than CTest's (SEEDS=FIRST-LAST).
SEEDS ?= 1-100000
campaign: build
	./$(BUILD)/fuzz/fuzz_campaign --seeds $(SEEDS) --insns 100000 --cpu-ms 10000

bench: build
	./bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) build-asan
