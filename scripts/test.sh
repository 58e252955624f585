#!/usr/bin/env bash
# The README's second command: set up, build, run the whole test suite through ctest —
# on the normal build, again on an AddressSanitizer + UBSan build of everything, then the
# timing-sensitive tests many times in a row. Idempotent; with everything built, only what
# changed is rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
# The sanitized tree: every target, tests included (about 5 minutes on 2 cores the first time).
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTWINHOST_SANITIZE=ON \
  -DTWINHOST_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j2

echo "== the suite on the normal build"
(cd build && ctest --output-on-failure -j2 --timeout 900)
echo "== the suite on the ASan + UBSan build"
(cd build-asan && ctest --output-on-failure -j2 --timeout 900)
# A test that fails 1 run in 5 is a bug: the timing-sensitive ones (label `timing`) run 50
# times in a row, side by side (each under the other's load: both cores busy); the first
# failure stops and fails the run.
echo "== timing-sensitive tests, 50 times each"
(cd build && ctest --output-on-failure -L timing --repeat until-fail:50 -j2 --timeout 300)
