#!/usr/bin/env bash
# Import of 100,000 CSV rows and export of 1,000,000 asks (CSV, and one run
# to .xlsx), each beside the
# nearest thing the sqlite3 CLI does on the same data: `.import` into a table
# in one transaction, and a `-csv` select of the same columns. Medians of
# RUNS runs, ratios (targets: import within 3x, export within 2x) and peak
# memory.
#
# Usage: bench/import_export.sh [REQTRIAGE] [RUNS]   (default: the Release build, 3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
reqtriage=$(realpath "${1:-$here/../build/release/reqtriage}")
runs=${2:-3}

bench_setup

csv="$work/import.csv"
write_crm_csv "$csv"

import_once() {
  rm -f "$work/import.db"*
  REQTRIAGE_DB="$work/import.db" "$reqtriage" --quiet import "$csv" >/dev/null
}
sqlite_import_once() {
  rm -f "$work/plain.db"
  sqlite3 "$work/plain.db" "CREATE TABLE asks (id, title, account, amount, stage, close, owner, notes);" \
    ".mode csv" "BEGIN" ".import --skip 1 $csv asks" "COMMIT"
}
floor_import_once() { crm_floor_import "$reqtriage" "$csv" "$work/floor.db"; }
import_ms=$(time_runs "$runs" import_once | median_ms)
sqlite_import_ms=$(time_runs "$runs" sqlite_import_once | median_ms)
floor_import_ms=$(time_runs "$runs" floor_import_once | median_ms)
import_peak=$(REQTRIAGE_DB="$work/peak.db" peak_kib "$reqtriage" --quiet import "$csv")

# 1,000,000 asks on 333,334 requests.
export REQTRIAGE_DB="$work/export.db"
fill_db "$reqtriage" 333334 3
columns="a.id, a.request_id, r.title, r.status, c.name, a.value_cents / 100.0, a.currency, a.stage, a.close_date, a.rep, a.source, a.note, a.created_at"
export_once() { "$reqtriage" export --what asks --output "$work/asks.csv"; }
sqlite_export_once() {
  sqlite3 -csv "$REQTRIAGE_DB" "SELECT $columns FROM asks a JOIN requests r ON r.id = a.request_id LEFT JOIN accounts c ON c.id = a.account_id ORDER BY a.id" >"$work/sqlite.csv"
}
export_once
export_ms=$(time_runs "$runs" export_once | median_ms)
sqlite_export_ms=$(time_runs "$runs" sqlite_export_once | median_ms)
export_peak=$(peak_kib "$reqtriage" export --what asks --output "$work/asks.csv")
xlsx_once() { "$reqtriage" export --what asks --format xlsx --output "$work/asks.xlsx"; }
xlsx_ms=$(time_runs 1 xlsx_once | median_ms)
xlsx_peak=$(peak_kib "$reqtriage" export --what asks --format xlsx --output "$work/asks.xlsx")

echo "import: 100000 rows, median ${import_ms} ms ($(awk -v ms="$import_ms" 'BEGIN { printf "%.0f", 100000 / (ms / 1000) }') rows/s) over $runs runs; peak ${import_peak} KiB"
echo "sqlite3 .import: median ${sqlite_import_ms} ms"
echo "ratio import/sqlite3: $(ratio "$import_ms" "$sqlite_import_ms") (target <= 3)"
echo "sqlite3 .import into reqtriage's asks and history (the floor): median ${floor_import_ms} ms, ratio to plain .import $(ratio "$floor_import_ms" "$sqlite_import_ms"); reqtriage/floor $(ratio "$import_ms" "$floor_import_ms")"
echo "export: $(($(wc -l <"$work/asks.csv") - 1)) asks, median ${export_ms} ms over $runs runs; peak ${export_peak} KiB"
echo "sqlite3 -csv select: median ${sqlite_export_ms} ms"
echo "ratio export/sqlite3: $(ratio "$export_ms" "$sqlite_export_ms") (target <= 2)"
echo "export to .xlsx: ${xlsx_ms} ms (one run), ratio to sqlite3 -csv $(ratio "$xlsx_ms" "$sqlite_export_ms"); peak ${xlsx_peak} KiB (target <= 300 MB); $(du -k "$work/asks.xlsx" | cut -f1) KiB"
