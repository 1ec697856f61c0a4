#!/usr/bin/env bash
# `dedupe --list` over 10,000 and 100,000 generated requests (time and peak
# memory, to show how time grows), beside the sqlite3 CLI reading the same
# titles and descriptions; and `log` with its look-alike warning on the
# 100,000-request store. Also prints duplicate detection quality.
#
# Usage: bench/dedupe_speed.sh [BUILD_DIR] [RUNS]   (default: build/release, 3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
build=$(realpath "${1:-$here/../build/release}")
runs=${2:-3}
reqtriage="$build/reqtriage"

bench_setup

"$build/dedupe_quality" quality "$here/../tests/data/labelled_requests.tsv"
for size in 10000 100000; do
  export REQTRIAGE_DB="$work/dedupe-$size.db"
  "$build/dedupe_quality" csv "$size" >"$work/requests-$size.csv"
  "$reqtriage" --quiet import "$work/requests-$size.csv" >/dev/null
  dedupe_once() { "$reqtriage" dedupe --list --format tsv; }
  read_once() { sqlite3 "$REQTRIAGE_DB" "SELECT id, title, description FROM requests WHERE status <> 'merged'"; }
  dedupe_ms=$(time_runs "$runs" dedupe_once | median_ms)
  read_ms=$(time_runs "$runs" read_once | median_ms)
  echo "dedupe --list, $(sqlite3 "$REQTRIAGE_DB" "SELECT count(*) FROM requests") requests: median ${dedupe_ms} ms, $(dedupe_once | tail -n +2 | wc -l) pairs, peak $(peak_kib "$reqtriage" dedupe --list) KiB (target at 100k: 10 s, 1 GiB)"
  echo "sqlite3 CLI reading the same requests: median ${read_ms} ms; ratio $(ratio "$dedupe_ms" "$read_ms")"
done

log_once() { "$reqtriage" --quiet log "Export invoices zorbat to CSV $1" --account "Account 1" --value 5k 2>/dev/null; }
log_once 0 >/dev/null
log_ms=$(time_runs 30 log_once | median_ms)
echo "log with the look-alike check on 100k requests: median ${log_ms} ms over 30 runs (target <= 20 ms)"
