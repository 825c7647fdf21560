# The two commands of the README: `make demo` and `make test`. Both install missing Debian packages
# first (QEMU only for `make test`: the oracle tests need it, the demo does not), then configure and
# build with CMake, quietly: one line per phase, the full log ($(BUILD)/logs/) only when a phase fails.
BUILD ?= build
JOBS ?= $(shell nproc)
WERROR ?= OFF

# Ninja when it is installed and the build directory does not already use another generator
# (expanded when a recipe runs, after the deps step may have installed it).
GENERATOR = $(if $(and $(shell command -v ninja),$(if $(wildcard $(1)/CMakeCache.txt),,new)),-G Ninja)
# configure DIR,TYPE,EXTRA-OPTIONS / compile DIR,WHAT,TARGET-OPTIONS
configure = scripts/step.sh "configure: $(1) ($(2))" $(1)/logs/configure.log \
	cmake -S . -B $(1) $(call GENERATOR,$(1)) -DCMAKE_BUILD_TYPE=$(2) -DA72SIM_WERROR=$(WERROR) $(3)
compile = scripts/step.sh "build: $(1) ($(2))" $(1)/logs/build.log cmake --build $(1) -j$(JOBS) $(3)

define build_everything
	@$(call configure,$(BUILD),Release)
	@$(call compile,$(BUILD),everything)
endef

.PHONY: all deps deps-test build demo test test-sanitize bench fuzz campaign clean

all: build

deps:
	@./scripts/install-deps.sh

deps-test:
	@./scripts/install-deps.sh --test

build: deps
	$(build_everything)

# Only what the demo needs: the simulator and the demo hypervisor.
demo: deps
	@$(call configure,$(BUILD),Release)
	@$(call compile,$(BUILD),a72sim and the demo,--target a72sim demo_hyp)
	@echo "run: $(BUILD)/a72sim --stats $(BUILD)/demo/hyp.elf"
	@$(BUILD)/a72sim --stats $(BUILD)/demo/hyp.elf

# Every test: unit, guest, CLI, the QEMU oracles, the Linux/Xen stacks (tests/stacks), the fuzz targets.
test: deps-test
	$(build_everything)
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

# The unit, guest and CLI tests once more under AddressSanitizer and UndefinedBehaviorSanitizer (the
# libFuzzer targets are sanitized builds already: not built again here; the Linux/Xen boots are not
# run again).
test-sanitize: deps-test
	@$(call configure,build-asan,Debug,-DA72SIM_SANITIZE=ON -DA72SIM_FUZZ=OFF)
	@$(call compile,build-asan,everything)
	ctest --test-dir build-asan --output-on-failure -j$(JOBS) -LE 'oracle|bench|fuzz|stacks'

# Each libFuzzer target for FUZZ_SECONDS (docs/robustness.md); findings are kept in $(BUILD)/fuzz/findings.
FUZZ_SECONDS ?= 600
fuzz: build
	@mkdir -p $(BUILD)/fuzz/findings
	@for t in exec elf suite cli gdb; do \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	    A72SIM_FUZZ_ARTIFACTS=$(BUILD)/fuzz/findings ./fuzz/run.sh $(BUILD)/fuzz/libfuzzer/fuzz_$$t \
	        fuzz/corpus/$$t $(FUZZ_SECONDS) || exit 1; \
	done

# The random-instruction campaign over more seeds than CTest's (SEEDS=FIRST-LAST).
SEEDS ?= 1-100000
campaign: build
	./$(BUILD)/fuzz/fuzz_campaign --seeds $(SEEDS) --insns 100000 --cpu-ms 10000

bench: deps
	$(build_everything)
	./bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) build-asan
