#!/usr/bin/env bash
# The weekly product/sales review over crm-export.csv, a CRM opportunity
# report of some 300 asks from 40 accounts: import it with the config's
# Salesforce map, merge the duplicates dedupe is sure of, estimate a few efforts,
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

"$reqtriage" import "$here/crm-export.csv" --map salesforce >/dev/null
"$reqtriage" dedupe --auto >/dev/null

"$reqtriage" --quiet account "Acme Corp" --segment enterprise --arr 400k >/dev/null
"$reqtriage" --quiet account "Hooli" --segment mid-market --arr 90k >/dev/null
# Engineering estimated the top three this week.
efforts=(5 3 8)
i=0
for id in $("$reqtriage" score --format tsv --top 3 | awk -F'\t' 'NR > 1 { print $2 }'); do
  "$reqtriage" --quiet set "$id" --effort "${efforts[$i]}" --status triaged
  i=$((i + 1))
done
dark_mode=$("$reqtriage" list --format tsv | awk -F'\t' 'tolower($3) ~ /dark/ { print $1; exit }')
"$reqtriage" --quiet set "$dark_mode" --status declined \
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
