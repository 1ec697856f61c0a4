#!/usr/bin/env bash
# Installs what is missing, builds the test configuration (AddressSanitizer +
# UBSan, warnings as errors) and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset test
cmake --build --preset test
ctest --preset test
