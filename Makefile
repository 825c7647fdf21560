# The two commands of the README: `make demo` and `make test`. Both install missing Debian
# packages first, then configure and build with CMake.
BUILD ?= build
JOBS ?= $(shell nproc)
WERROR ?= OFF

.PHONY: all deps build demo test test-sanitize bench clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DA72SIM_WERROR=$(WERROR) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

demo: build
	./$(BUILD)/a72sim --stats $(BUILD)/demo/hyp.elf

# stacks-fp: the Linux/Xen boots that need FP/SIMD in the core (tests/stacks); left out until it is there.
test: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS) -LE stacks-fp

# The unit and guest tests once more under AddressSanitizer and UndefinedBehaviorSanitizer.
test-sanitize: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DA72SIM_SANITIZE=ON -DA72SIM_WERROR=$(WERROR) >/dev/null
	@cmake --build build-asan -j$(JOBS)
	ctest --test-dir build-asan --output-on-failure -j$(JOBS) -LE 'oracle|bench|stacks'

bench: build
	./bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) build-asan
