#!/usr/bin/env bash
# The README's second command: set up, build, run the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
# The AddressSanitizer build of the binary and its modules, for the SharedBuffer lifetime
# test (about 4 minutes on 2 cores the first time).
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTWINHOST_SANITIZE=ON \
  -DTWINHOST_BUILD_TESTS=OFF -DTWINHOST_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j2 --target twinhost-launcher
cmake -S . -B build -DTWINHOST_ASAN_DIR="$PWD/build-asan" >/dev/null
cd build
ctest --output-on-failure -j2 --timeout 600
