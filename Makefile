# Enclii's front door. Every target installs what is missing first (installers/), so a fresh
# Debian 12 machine needs nothing else.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps configure build run test bench clean

all: build

deps:
	@installers/install-deps.sh

configure: deps
	@test -f $(BUILD_DIR)/build.ninja || cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD_DIR) -j$(JOBS)

# Starts encliid on its embedded defaults and opens the console connected to it.
run: build
	@installers/run.sh $(BUILD_DIR)

# Every test, under ctest. Database tests start their own throwaway PostgreSQL.
test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS) --timeout 600

bench: build
	@tests/bench/run.sh $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR)
