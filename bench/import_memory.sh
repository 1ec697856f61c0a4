#!/usr/bin/env bash
# Peak memory of a 1,000,000-row import (target: <= 300 MB, whatever the
# file's size: the import streams), beside the sqlite3 CLI's `.import` of the
# same file into a plain table, and the time of each. Also the peak for
# 100,000 rows, to show that memory does not grow with the file.
#
# Usage: bench/import_memory.sh [REQTRIAGE]   (default: the Release build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
reqtriage=$(realpath "${1:-$here/../build/release/reqtriage}")

bench_setup

for rows in 100000 1000000; do
  csv="$work/import-$rows.csv"
  write_crm_csv "$csv" "$rows"
  rm -f "$work/import.db"*
  start=$(date +%s%N)
  peak=$(REQTRIAGE_DB="$work/import.db" peak_kib "$reqtriage" --quiet import "$csv")
  ms=$((($(date +%s%N) - start) / 1000000))
  rm -f "$work/plain.db"
  start=$(date +%s%N)
  sqlite_peak=$(peak_kib sqlite3 "$work/plain.db" "CREATE TABLE asks (id, title, account, amount, stage, close, owner, notes);" \
    ".mode csv" "BEGIN" ".import --skip 1 $csv asks" "COMMIT")
  sqlite_ms=$((($(date +%s%N) - start) / 1000000))
  asks=$(sqlite3 "$work/import.db" "SELECT count(*) FROM asks")
  echo "import of $rows rows ($(du -m "$csv" | cut -f1) MB): $ms ms, peak $((peak / 1024)) MB, $asks asks stored" \
       "(target <= 300 MB); sqlite3 .import: $sqlite_ms ms, peak $((sqlite_peak / 1024)) MB;" \
       "time ratio $(ratio "$ms" "$sqlite_ms")"
  rm -f "$csv"
done
