#!/usr/bin/env bash
# The README's first command: set up, build, run the main job — the CPU tasks (C1), the
# start-up experiment (C8) and the cost of crossing between the runtimes and of the one API,
# all quick — and end with the report of what it measured.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
mkdir -p build/results
build/bin/twinhost bench --quick --json build/results/bench.json
build/bin/twinhost experiment startup --quick --json build/results/startup.json
/usr/bin/python3 scripts/bench/interop_cost.py --quick --json build/results/crossing.json
/usr/bin/python3 scripts/bench/binding_cost.py --quick --json build/results/binding.json
build/bin/twinhost report build/results/{bench,startup,crossing,binding}.json \
  -o build/report.html --markdown build/report.md
