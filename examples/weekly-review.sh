#!/usr/bin/env bash
# The weekly product/sales review over the sample asks in asks.tsv: log every
# ask (attaching repeats of a title to the same request), estimate a few
# efforts, decline one request with a reason, then write the ranking (with
# every score explained), the requests, the accounts and the history.
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

declare -A request_of
first=1
while IFS=$'\t' read -r title account value stage close rep area tags note; do
  if [ $first -eq 1 ]; then first=0; continue; fi
  ask=(--account "$account" --value "$value" --stage "$stage" --close "$close" --by "$rep"
       --source "weekly sample" --note "$note")
  if [ -n "${request_of[$title]:-}" ]; then
    "$reqtriage" --quiet log --to "${request_of[$title]}" "${ask[@]}" >/dev/null
  else
    tag_options=()
    IFS=, read -ra tag_list <<<"$tags"
    for tag in "${tag_list[@]}"; do tag_options+=(--tag "$tag"); done
    request_of[$title]=$("$reqtriage" --quiet log "$title" --area "$area" "${tag_options[@]}" "${ask[@]}")
  fi
done <"$here/asks.tsv"

"$reqtriage" --quiet account "Acme Corp" --segment enterprise --arr 400k >/dev/null
"$reqtriage" --quiet account "Hooli" --segment mid-market --arr 90k >/dev/null
"$reqtriage" --quiet set "${request_of[SSO with Okta]}" --effort 5 --status triaged
"$reqtriage" --quiet set "${request_of[Audit log export]}" --effort 3 --status planned
"$reqtriage" --quiet set "${request_of[Bulk edit in the grid]}" --effort 8
"$reqtriage" --quiet set "${request_of[Dark mode]}" --status declined \
  --reason "Low value for the effort; the OS high-contrast mode covers most of it"

"$reqtriage" score --format csv >"$out/ranking.csv"
"$reqtriage" score --explain --format json >"$out/ranking.json"
"$reqtriage" list --format csv >"$out/requests.csv"
"$reqtriage" list --format json >"$out/requests.json"
"$reqtriage" accounts --format csv >"$out/accounts.csv"
"$reqtriage" history --format tsv >"$out/history.tsv"

"$reqtriage" score
echo
"$reqtriage" accounts
echo
echo "Wrote $out/ranking.csv, ranking.json, requests.csv, requests.json, accounts.csv and history.tsv (database: $REQTRIAGE_DB)"
