#!/usr/bin/env bash
# The reports and listings on REQUESTS requests with 3 asks each (targets at
# 100,000: report accounts and report review at most 2 s and 200 MB; list and
# export with memory that does not grow with the store), each with its peak
# memory, beside the sqlite3 CLI writing the asks with their requests and
# accounts as CSV (`-csv`, ordered by account): the data the account report
# reads, as a floor.
#
# Usage: bench/report_speed.sh [REQTRIAGE] [REQUESTS] [RUNS]   (default: the Release build, 100000, 3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
reqtriage=$(realpath "${1:-$here/../build/release/reqtriage}")
requests=${2:-100000}
runs=${3:-3}

bench_setup
export REQTRIAGE_DB="$work/reports.db"
fill_db "$reqtriage" "$requests" 3
"$reqtriage" report review --save >/dev/null  # the first snapshot, so the review has movers

floor_once() {
  sqlite3 -csv "$REQTRIAGE_DB" "SELECT c.name, a.id, r.id, r.title, r.status, a.value_cents, a.currency, a.stage,
                                       a.close_date, r.reason, r.workaround
                                FROM asks a JOIN requests r ON r.id = a.request_id JOIN accounts c ON c.id = a.account_id
                                WHERE a.deleted_at IS NULL ORDER BY c.name_key, a.id" >/dev/null
}
floor_ms=$(time_runs "$runs" floor_once | median_ms)
echo "sqlite3 -csv of the asks by account (the floor): ${floor_ms} ms"

measure() {
  local name=$1
  shift
  local ms peak
  ms=$(time_runs "$runs" without_run_number "$reqtriage" "$@" | median_ms)
  peak=$(peak_kib "$reqtriage" "$@")
  printf '%-28s %8s ms, peak %4d MiB | ratio to the floor %s\n' "$name" "$ms" $((peak / 1024)) "$(ratio "$ms" "$floor_ms")"
}
measure "report review" report review --no-snapshot
measure "report review --format json" report review --no-snapshot --format json
measure "report accounts" report accounts
measure "report accounts --format csv" report accounts --format csv
measure "report accounts --format json" report accounts --format json
measure "list --format tsv" list --format tsv
measure "list --format json" list --format json
measure "export --what requests" export --what requests --format csv
measure "export --what asks" export --what asks --format csv
measure "export --what accounts" export --what accounts --format csv
