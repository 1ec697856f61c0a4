#!/usr/bin/env bash
# The team store beside the local one: `reqtriage log` latency on a store of
# 100,000 requests (300,000 asks), `score --top 50` beside one SQL aggregate
# of the same quantities, the whole `score`, `report review` and `report
# accounts`, and the import of 100,000 CSV rows, each on a private
# PostgreSQL server on loopback and on SQLite, with their ratios; and the
# time `migrate --to` takes to copy the 100,000-request store across.
# The server runs as scripts/pg-cluster.sh starts it (fsync off, as a test
# server; SQLite runs with synchronous=NORMAL, so neither waits for the disk
# at each commit).
#
# Usage: bench/postgres.sh [REQTRIAGE] [RUNS]   (default: the Release build, 30)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
reqtriage=$(realpath "${1:-$here/../build/release/reqtriage}")
runs=${2:-30}

bench_setup
server=$(bash "$here/../scripts/pg-cluster.sh" start "$work/pg")
trap 'bash "$here/../scripts/pg-cluster.sh" destroy "$work/pg"; rm -rf "$work"' EXIT
psql -XAtq "$server/postgres" -c "CREATE DATABASE logs" -c "CREATE DATABASE imports"

# The same 100,000 requests on both engines: filled on SQLite, copied across.
export REQTRIAGE_DB="$work/logs.db"
fill_db "$reqtriage" 100000 3
migrate_start=${EPOCHREALTIME/./}
"$reqtriage" --quiet migrate --to "$server/logs" >/dev/null
migrate_ms=$(( (${EPOCHREALTIME/./} - migrate_start) / 1000 ))
migrated_rows=$(sqlite3 "$REQTRIAGE_DB" "SELECT (SELECT count(*) FROM requests) + (SELECT count(*) FROM asks) + (SELECT count(*) FROM history) + (SELECT count(*) FROM request_terms) + (SELECT count(*) FROM request_tags) + (SELECT count(*) FROM accounts)")

log_once() {
  "$reqtriage" --quiet log "Benchmark request $1" --account "Account $(($1 % 1000 + 1))" \
    --value 50k --stage proposal --close 2027-03-31 --by bench --tag bench 2>/dev/null
}
time_runs 5 log_once >/dev/null  # warm up
sqlite_log_ms=$(time_runs "$runs" log_once | median_ms)
export REQTRIAGE_DB="$server/logs"
time_runs 5 log_once >/dev/null
pg_log_ms=$(time_runs "$runs" log_once | median_ms)
psql_once() { psql -XAtq "$REQTRIAGE_DB" -c "INSERT INTO accounts (id, name, name_key, created_at, updated_at) VALUES (1000000 + $1, 'psql $1', 'psql $1', '', '')"; }
psql_ms=$(time_runs "$runs" psql_once | median_ms)

# Reading: the same commands on both engines, with peak memory.
compare_read() {
  local name=$1
  shift
  local sqlite_ms pg_ms pg_peak
  sqlite_ms=$(REQTRIAGE_DB="$work/logs.db" time_runs 3 without_run_number "$reqtriage" "$@" | median_ms)
  pg_ms=$(REQTRIAGE_DB="$server/logs" time_runs 3 without_run_number "$reqtriage" "$@" | median_ms)
  pg_peak=$(REQTRIAGE_DB="$server/logs" peak_kib "$reqtriage" "$@")
  printf '%-22s SQLite %8s ms | PostgreSQL %8s ms, peak %4d MiB | ratio %s\n' \
    "$name" "$sqlite_ms" "$pg_ms" $((pg_peak / 1024)) "$(ratio "$pg_ms" "$sqlite_ms")"
}
read_figures=$(
  compare_read "score --top 50" score --top 50
  compare_read "score" score
  compare_read "report review" report review --no-snapshot
  compare_read "report accounts" report accounts
)
aggregate_once() { psql -XAtq "$server/logs" -c "$score_aggregate_sql"; }
aggregate_ms=$(time_runs 3 aggregate_once | median_ms)
pg_top_ms=$(REQTRIAGE_DB="$server/logs" time_runs 3 without_run_number "$reqtriage" score --top 50 | median_ms)

csv="$work/import.csv"
write_crm_csv "$csv"
import_into() {
  local start=${EPOCHREALTIME/./}
  REQTRIAGE_DB="$1" "$reqtriage" --quiet import "$csv" >/dev/null
  echo $(( (${EPOCHREALTIME/./} - start) / 1000 ))
}
sqlite_import_ms=$(import_into "$work/imports.db")
pg_import_ms=$(import_into "$server/imports")
pg_import_peak=$(peak_kib env REQTRIAGE_DB="$server/imports" "$reqtriage" --quiet import "$csv")

echo "store: 100000 requests on each engine"
echo "log on SQLite: median ${sqlite_log_ms} ms; on PostgreSQL: median ${pg_log_ms} ms over $runs runs"
echo "ratio log PostgreSQL/SQLite: $(ratio "$pg_log_ms" "$sqlite_log_ms")"
echo "psql, one INSERT (a process and a connection, the floor for any client): median ${psql_ms} ms; ratio log/psql: $(ratio "$pg_log_ms" "$psql_ms")"
echo "import of 100000 rows on SQLite: ${sqlite_import_ms} ms ($(awk -v ms="$sqlite_import_ms" 'BEGIN { printf "%.0f", 100000 / (ms / 1000) }') rows/s)"
echo "import of 100000 rows on PostgreSQL: ${pg_import_ms} ms ($(awk -v ms="$pg_import_ms" 'BEGIN { printf "%.0f", 100000 / (ms / 1000) }') rows/s); re-import (all unchanged) peak ${pg_import_peak} KiB"
echo "ratio import PostgreSQL/SQLite: $(ratio "$pg_import_ms" "$sqlite_import_ms")"
echo "migrate --to PostgreSQL: ${migrated_rows} rows in ${migrate_ms} ms"
echo "$read_figures"
echo "score --top 50 on PostgreSQL ${pg_top_ms} ms beside one SQL aggregate through psql ${aggregate_ms} ms: ratio $(ratio "$pg_top_ms" "$aggregate_ms")"
