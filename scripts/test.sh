#!/usr/bin/env bash
# Installs what is missing, builds the test configuration (AddressSanitizer +
# UBSan, warnings as errors), starts a private PostgreSQL server for the
# PostgreSQL half of the end-to-end suite, and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset test
cmake --build --preset test
pg_dir=$(mktemp -d)
trap 'bash scripts/pg-cluster.sh destroy "$pg_dir"; rm -rf "$pg_dir"' EXIT
REQTRIAGE_TEST_PG=$(bash scripts/pg-cluster.sh start "$pg_dir")
export REQTRIAGE_TEST_PG
ctest --preset test
