#!/usr/bin/env bash
# Everything measured, then the full report: the whole bench (standard sizes), every
# experiment (about 1 h 40 min on 2 cores: http alone ~50 min), the crossing-cost and
# binding-cost benchmarks, the peers benchmark (its npm packages installed into a cache
# outside the repository first), and the report of all of it in build/report-full.html.
# Run after scripts/main.sh (set-up and build). With --quick every step runs its quick
# size (about 20 min): every claim measured, with wider intervals.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=()
case "${1:-}" in
  --quick) quick=(--quick) ;;
  "") ;;
  *) echo "usage: bash scripts/full-report.sh [--quick]" >&2; exit 2 ;;
esac
mkdir -p build/results
build/bin/twinhost bench "${quick[@]}" --json build/results/bench-full.json
build/bin/twinhost experiment all "${quick[@]}" --json build/results/experiments-full.json
/usr/bin/python3 scripts/bench/interop_cost.py "${quick[@]}" --json build/results/crossing-full.json
/usr/bin/python3 scripts/bench/binding_cost.py "${quick[@]}" --json build/results/binding-full.json
results=(build/results/{bench,experiments,crossing,binding}-full.json)
if bash scripts/bench/peers/install.sh; then
  /usr/bin/python3 scripts/bench/peers/run.py "${quick[@]}" --json build/results/peers-full.json
  results+=(build/results/peers-full.json)
else
  echo "full-report: the peers could not be installed; the report shows them not measured" >&2
fi
build/bin/twinhost report "${results[@]}" -o build/report-full.html --markdown build/report-full.md
