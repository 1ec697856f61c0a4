#!/usr/bin/env bash
# Latency of one `reqtriage log` on a database that already holds 100,000
# requests (with their asks and history), beside the sqlite3 CLI inserting
# one row into the same database: medians of RUNS invocations each, and
# their ratio, which survives a noisy machine better than either figure.
#
# Usage: bench/log_latency.sh [REQTRIAGE] [RUNS]   (default: the Release build, 50)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
reqtriage=$(realpath "${1:-$here/../build/release/reqtriage}")
runs=${2:-50}

bench_setup
export REQTRIAGE_DB="$work/bench.db"
fill_db "$reqtriage" 100000 1

log_once() {
  "$reqtriage" --quiet log "Benchmark request $1" --account "Account $(($1 % 1000 + 1))" \
    --value 50k --stage proposal --close 2027-03-31 --by bench --tag bench 2>/dev/null
}
sqlite_once() {
  sqlite3 "$REQTRIAGE_DB" "INSERT INTO requests (title, created_at, updated_at) VALUES ('sqlite3 row $1', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
}

time_runs "$runs" log_once >/dev/null  # warm the page cache and WAL
reqtriage_ms=$(time_runs "$runs" log_once | median_ms)
sqlite_ms=$(time_runs "$runs" sqlite_once | median_ms)

echo "database: $(sqlite3 "$REQTRIAGE_DB" "SELECT count(*) FROM requests") requests"
echo "reqtriage log: median ${reqtriage_ms} ms over $runs runs (target <= 15 ms)"
echo "sqlite3 CLI insert: median ${sqlite_ms} ms over $runs runs"
echo "ratio reqtriage/sqlite3: $(ratio "$reqtriage_ms" "$sqlite_ms")"
echo "reqtriage log peak memory: $(peak_kib "$reqtriage" --quiet log "Peak memory probe" --account "Account 1" --value 1k) KiB"
