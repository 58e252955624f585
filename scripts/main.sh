#!/usr/bin/env bash
# The README's first command: set up, build, run the main job — the CPU tasks (C1) and the
# start-up experiment (C8), quick — and end with the report of what it measured.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
mkdir -p build/results
build/bin/twinhost bench --quick --json build/results/bench.json
build/bin/twinhost experiment startup --quick --json build/results/startup.json
build/bin/twinhost report build/results/bench.json build/results/startup.json \
  -o build/report.html --markdown build/report.md
