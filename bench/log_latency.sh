#!/usr/bin/env bash
# Latency of one `reqtriage log` on a database that already holds 100,000
# requests (with their asks and history), beside the sqlite3 CLI inserting
# one row into the same database: medians of RUNS invocations each, and
# their ratio, which survives a noisy machine better than either figure.
#
# Usage: bench/log_latency.sh [REQTRIAGE] [RUNS]   (default: the Release build, 50)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
reqtriage=$(realpath "${1:-$here/../build/release/reqtriage}")
runs=${2:-50}
requests=100000

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export REQTRIAGE_DB="$work/bench.db" HOME="$work" XDG_CONFIG_HOME="$work/config"
unset REQTRIAGE_CONFIG

"$reqtriage" --quiet log "seed" >/dev/null  # creates the schema
echo "Filling $REQTRIAGE_DB with $requests requests..."
sqlite3 "$REQTRIAGE_DB" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO accounts (name, name_key, created_at, updated_at)
  SELECT 'Account ' || i, 'account ' || i, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $requests + 1)
INSERT INTO requests (id, title, area, created_at, updated_at)
  SELECT i, 'Generated request number ' || i || ' about feature ' || (i % 997), 'area' || (i % 20),
         '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
INSERT INTO asks (request_id, account_id, value_cents, currency, stage, close_date, created_at)
  SELECT id, 1 + id % 1000, 100 * (1000 + id % 90000), 'USD', 'proposal', '2027-01-31',
         '2026-01-01T00:00:00Z' FROM requests;
INSERT INTO request_tags (request_id, tag) SELECT id, 'tag' || (id % 50) FROM requests;
INSERT INTO history (at, actor, request_id, action, field, new_value)
  SELECT created_at, 'bench', id, 'created', 'title', title FROM requests;
COMMIT;
SQL

median_ms() {  # reads microsecond timings, prints the median in milliseconds
  sort -n | awk '{ t[NR] = $1 } END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.2f", m / 1000 }'
}

time_runs() {  # time_runs COMMAND...: one timing in microseconds per run
  for ((i = 0; i < runs; i++)); do
    local start=${EPOCHREALTIME/./}
    "$@" "$i" >/dev/null
    local end=${EPOCHREALTIME/./}
    echo $((end - start))
  done
}

log_once() {
  "$reqtriage" --quiet log "Benchmark request $1" --account "Account $(($1 % 1000 + 1))" \
    --value 50k --stage proposal --close 2027-03-31 --by bench --tag bench
}
sqlite_once() {
  sqlite3 "$REQTRIAGE_DB" "INSERT INTO requests (title, created_at, updated_at) VALUES ('sqlite3 row $1', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
}

time_runs log_once >/dev/null  # warm the page cache and WAL
reqtriage_ms=$(time_runs log_once | median_ms)
sqlite_ms=$(time_runs sqlite_once | median_ms)
rows=$(sqlite3 "$REQTRIAGE_DB" "SELECT count(*) FROM requests")

peak_kb="n/a"
if [ -x /usr/bin/time ]; then
  peak_kb=$( { /usr/bin/time -f %M "$reqtriage" --quiet log "Peak memory probe" --account "Account 1" --value 1k >/dev/null; } 2>&1 | tail -1)
fi

echo "database: $rows requests"
echo "reqtriage log: median ${reqtriage_ms} ms over $runs runs (target <= 15 ms)"
echo "sqlite3 CLI insert: median ${sqlite_ms} ms over $runs runs"
echo "ratio reqtriage/sqlite3: $(awk -v a="$reqtriage_ms" -v b="$sqlite_ms" 'BEGIN { printf "%.2f", a / b }')"
echo "reqtriage log peak memory: ${peak_kb} KiB"
