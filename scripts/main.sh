#!/usr/bin/env bash
# The README's first command: set up, build, run the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
build/bin/twinhost bench --quick
