#!/usr/bin/env bash
# The weekly product/sales review over crm-export.csv, a CRM opportunity
# report of some 300 asks from 40 accounts (won and lost deals among them):
# import it with the config's Salesforce map, merge the duplicates dedupe is
# sure of, log a renewal deal that needs three features, correct a mistyped
# amount, estimate a few efforts, decline one request with a reason, plan two
# with a target and a Jira ticket, then close the loop: a customer asks again
# for the declined feature (the review and the rep's report give the answer
# already given), and Jira's export ships one request and moves the other.
# Then write the weekly review, the account briefs for sales (a sentence per
# ask), what each rep tells their customers, the ranking (every score
# explained), the asks, the accounts and the history.
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
# Acme Corp's renewal is one USD 1.2M deal that needs three features: logged
# on each with its deal key, it counts whole on each request and once in
# every total (the account brief, the accounts, the review's value by status).
for pattern in 'sso|single sign on' 'audit trail' 'data residency'; do
  id=$("$reqtriage" list --format tsv | awk -F'\t' -v p="$pattern" 'tolower($3) ~ p && !found { print $1; found = 1 }')
  "$reqtriage" --quiet log --to "$id" --account "Acme Corp" --deal OPP-ACME-RENEWAL --value 1.2M \
    --stage negotiation --close 2027-03-31 --by "Jo Becker" --importance blocker >/dev/null
done
# A rep's slipped zero: Paper Street Soap's search deal is 20k, not 200k.
# The correction is recorded, and --as-of still shows what was believed before.
ask=$("$reqtriage" export --what asks --format tsv |
  awk -F'\t' '$5 == "Paper Street Soap" && $6 == "200000" && !found { print $1; found = 1 }')
"$reqtriage" --quiet ask "$ask" --value 20k >/dev/null

# Engineering estimated the top three this week.
efforts=(5 3 8)
i=0
for id in $("$reqtriage" score --format tsv --top 3 | awk -F'\t' 'NR > 1 { print $2 }'); do
  "$reqtriage" --quiet set "$id" --effort "${efforts[$i]}" --status triaged
  i=$((i + 1))
done
dark_mode=$("$reqtriage" list --format tsv | awk -F'\t' 'tolower($3) ~ /dark/ && !found { print $1; found = 1 }')
"$reqtriage" --quiet set "$dark_mode" --status declined \
  --reason "Low value for the effort; the OS high-contrast mode covers most of it" \
  --workaround "Turn on the browser's or the OS's dark theme"

# Two requests planned with a target, each linked to its Jira ticket.
audit=$("$reqtriage" list --format tsv | awk -F'\t' 'tolower($3) ~ /audit trail/ && !found { print $1; found = 1 }')
sso=$("$reqtriage" list --format tsv | awk -F'\t' 'tolower($3) ~ /sso|single sign on/ && !found { print $1; found = 1 }')
"$reqtriage" --quiet set "$audit" --status planned --target 2026-Q4 --link PLAT-101
"$reqtriage" --quiet set "$sso" --status planned --target 2027-Q2 --link https://jira.example.com/browse/PLAT-117
# A rep relays dark mode again: it lands on the declined request, and the
# review and the rep's report carry the answer already given.
"$reqtriage" --quiet log --to "$dark_mode" --account "Hooli" --value 15k --stage qualified --by "Sam Ortiz" >/dev/null
# Jira's export: the audit trail shipped in 4.2, SSO is being built for 2027-Q1.
"$reqtriage" import --tracker "$here/jira-export.csv" --map jira

"$reqtriage" export --excel --output "$out/ranking.csv"
"$reqtriage" export --format xlsx --what all --output "$out/ranking.xlsx"
"$reqtriage" score --explain --format json >"$out/ranking.json"
"$reqtriage" export --what asks --output "$out/asks.csv"
"$reqtriage" export --what accounts --output "$out/accounts.csv"
"$reqtriage" export --format md --columns rank,id,title,status,accounts,value_USD,effort,score \
  --output "$out/ranking.md"
"$reqtriage" history --format tsv >"$out/history.tsv"
"$reqtriage" report accounts >"$out/accounts.md"
"$reqtriage" report reps >"$out/reps.md"
"$reqtriage" report review --format html >"$out/review.html"
"$reqtriage" report review --save >"$out/review.md"

"$reqtriage" score
echo
"$reqtriage" accounts
echo
echo "Outputs in $out: review.md and review.html (the weekly digest, with charts),"
echo "accounts.md (a brief per account for sales, a sentence per ask), reps.md (what"
echo "each rep tells their customers), ranking.csv and ranking.xlsx (for the spreadsheet: ranking, asks, accounts),"
echo "ranking.md, ranking.json (every score explained),"
echo "asks.csv, accounts.csv, history.tsv; database requests.db"
