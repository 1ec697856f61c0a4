#!/usr/bin/env bash
# Installs what is missing, builds the Release binary and runs the weekly
# review over the sample data in examples/, writing its outputs to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release
cmake --build --preset release
bash examples/weekly-review.sh build/release/reqtriage out
