#!/usr/bin/env bash
# The weekly product/sales review over the sample asks in asks.tsv: import
# them, merge the duplicates dedupe is sure of, estimate a few efforts,
# decline one request with a reason, then write the weekly review, the
# account briefs for sales, the ranking (every score explained), the asks,
# the accounts and the history.
#
# Usage: weekly-review.sh REQTRIAGE OUTPUT_FOLDER
set -euo pipefail
reqtriage=$(realpath "$1")
out=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)

# A fresh store each run, next to the outputs, with the example config.
export REQTRIAGE_DB="$out/requests.db"
export REQTRIAGE_CONFIG="$here/reqtriage.toml"
rm -f "$REQTRIAGE_DB" "$REQTRIAGE_DB-wal" "$REQTRIAGE_DB-shm"
"$reqtriage" config check

"$reqtriage" import "$here/asks.tsv" >/dev/null
"$reqtriage" dedupe --auto >/dev/null

id_of() {  # the id of the open request titled $1
  "$reqtriage" list --format tsv | awk -F'\t' -v title="$1" '$3 == title { print $1 }'
}
"$reqtriage" --quiet account "Acme Corp" --segment enterprise --arr 400k >/dev/null
"$reqtriage" --quiet account "Hooli" --segment mid-market --arr 90k >/dev/null
"$reqtriage" --quiet set "$(id_of "SSO with Okta")" --effort 5 --status triaged
"$reqtriage" --quiet set "$(id_of "Audit log export")" --effort 3 --status planned
"$reqtriage" --quiet set "$(id_of "Bulk edit in the grid")" --effort 8
"$reqtriage" --quiet set "$(id_of "Dark mode")" --status declined \
  --reason "Low value for the effort; the OS high-contrast mode covers most of it" \
  --workaround "Turn on the browser's or the OS's dark theme"

"$reqtriage" export --excel --output "$out/ranking.csv"
"$reqtriage" score --explain --format json >"$out/ranking.json"
"$reqtriage" export --what asks --output "$out/asks.csv"
"$reqtriage" export --what accounts --output "$out/accounts.csv"
"$reqtriage" export --format md --columns rank,id,title,status,accounts,value_USD,effort,score \
  --output "$out/ranking.md"
"$reqtriage" history --format tsv >"$out/history.tsv"
"$reqtriage" report accounts >"$out/accounts.md"
"$reqtriage" report review >"$out/review.md"

"$reqtriage" score
echo
"$reqtriage" accounts
echo
echo "Outputs in $out: review.md (the weekly digest), accounts.md (a brief per account for"
echo "sales), ranking.csv (for the spreadsheet), ranking.md, ranking.json (every score explained),"
echo "asks.csv, accounts.csv, history.tsv; database requests.db"
