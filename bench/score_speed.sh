#!/usr/bin/env bash
# `reqtriage score --top 50` on REQUESTS requests with three asks each, beside
# the same aggregation (per request: stage-weighted value in base currency
# over effort, top 50) done as one SQL query by the sqlite3 CLI on the same
# file. Medians of RUNS invocations, their ratio, and peak memory; and the
# whole ranking (`score` without --top) for comparison.
#
# Usage: bench/score_speed.sh [REQTRIAGE] [RUNS] [REQUESTS]
#        (default: the Release build, 10, 100000; the issue's size is 1000000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
reqtriage=$(realpath "${1:-$here/../build/release/reqtriage}")
runs=${2:-10}
requests=${3:-100000}

bench_setup
export REQTRIAGE_DB="$work/bench.db"
fill_db "$reqtriage" "$requests" 3

score_once() { "$reqtriage" score --top 50 --format tsv; }
sql_once() { sqlite3 "$REQTRIAGE_DB" "$score_aggregate_sql"; }

score_once >/dev/null  # warm the page cache
reqtriage_ms=$(time_runs "$runs" score_once | median_ms)
sql_ms=$(time_runs "$runs" sql_once | median_ms)

echo "database: $(sqlite3 "$REQTRIAGE_DB" "SELECT count(*) FROM requests") requests, $(sqlite3 "$REQTRIAGE_DB" "SELECT count(*) FROM asks") asks"
echo "reqtriage score --top 50: median ${reqtriage_ms} ms over $runs runs (target at 100,000: <= 500 ms)"
echo "sqlite3 CLI aggregation query: median ${sql_ms} ms over $runs runs"
echo "ratio reqtriage/sqlite3: $(ratio "$reqtriage_ms" "$sql_ms")"
echo "reqtriage score --top 50 peak memory: $(peak_kib "$reqtriage" score --top 50) KiB (target at 1,000,000: <= 300 MB, <= 1.5x the query)"
whole_once() { "$reqtriage" score --format tsv; }
echo "reqtriage score (the whole ranking): median $(time_runs 1 whole_once | median_ms) ms, peak $(peak_kib "$reqtriage" score --format tsv) KiB"
