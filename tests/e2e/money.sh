#!/usr/bin/env bash
# The money model: deals counted once, stage kinds, unknown stages,
# importance, one figure in every command and format, corrections to asks,
# and account names, renames, merges and aliases.
source "$(dirname "$0")/lib.sh"

# One store with a multi-feature deal, several asks per account, a merged
# request, and every stage kind.
export REQTRIAGE_NOW="2026-11-02T10:00:00Z"
for title in "SSO with Okta" "Audit log export" "Dark mode" "EU data residency"; do
  rt log "$title" --account "Contoso Health" --value 1.2M --stage proposal --deal OPP-1 --quiet
done
rt log --to 1 --account "Globex" --value 300k --stage closed_won --quiet
rt log --to 2 --account "Initech" --value 50k --stage closed_lost --quiet
rt log --to 3 --account "Hooli" --value 80k --importance blocker --stage negotiation --quiet
rt log --to 3 --account "Hooli" --value 20k --quiet
rt log "Night mode" --account "Umbrella" --value 40k --quiet
rt merge 5 --into 3 --force --quiet
expect_rc 0

# Each request shows the whole deal; totals spanning requests count it once.
rt report accounts --account "Contoso Health"
expect_rc 0
expect_out_has "value at stake USD 1,200,000 over 4 requests (1 deal)"
rt accounts --format json
expect_true '[ "$(jq ".[] | select(.name == \"Contoso Health\") | .value" <<<"$OUT")" = 1200000 ]' "an account's value counts its deal once"
expect_true '[ "$(jq ".[] | select(.name == \"Globex\") | .won" <<<"$OUT")" = 300000 ]' "won deals are commitments"
expect_true '[ "$(jq ".[] | select(.name == \"Globex\") | .value" <<<"$OUT")" = 0 ]' "won deals stay out of value"
expect_true '[ "$(jq ".[] | select(.name == \"Initech\") | .lost" <<<"$OUT")" = 50000 ]' "lost deals are lost revenue"
rt report review --format json --no-snapshot
expect_true '[ "$(jq ".value_by_status[] | select(.status == \"total\") | .value" <<<"$OUT")" = 1320000 ]' \
  "the review's total counts each deal once (1.2M + 80k + 40k; Hooli's 20k counts nowhere, as on #3)"

# One figure in every command and format: value, pipeline, won, lost, deals.
figures_of() { jq -c "{value, pipeline, won, lost, deals}" <<<"$1"; }
for id in 1 2 3 4; do
  rt show "$id" --format json
  from_show=$(figures_of "$(jq .totals <<<"$OUT")")
  rt list --format json
  from_list=$(figures_of "$(jq ".[] | select(.id == $id) | .totals" <<<"$OUT")")
  rt score --format json
  from_score=$(figures_of "$(jq ".[] | select(.id == $id) | .quantities" <<<"$OUT")")
  rt score --format json --explain "$id"
  from_explain=$(figures_of "$(jq .quantities <<<"$OUT")")
  rt export --format json
  from_export=$(jq -c ".[] | select(.id == $id) | {value, pipeline, won, lost, deals}" <<<"$OUT")
  rt export --format csv --columns id,value_USD,pipeline_USD,won_USD,lost_USD,deals
  from_csv=$(awk -F, -v id="\"$id\"" '$1 == id { gsub(/"/, ""); printf "{\"value\":%s,\"pipeline\":%s,\"won\":%s,\"lost\":%s,\"deals\":%s}", $2, $3, $4, $5, $6 }' <<<"$OUT")
  expect_true '[ "$from_show" = "$from_list" ] && [ "$from_list" = "$from_score" ] && [ "$from_score" = "$from_explain" ]' \
    "request #$id: show $from_show, list $from_list, score $from_score, explain $from_explain agree"
  expect_true '[ "$(jq -c . <<<"$from_export")" = "$(jq -c . <<<"$from_show")" ] && [ "$(jq -c . <<<"$from_csv")" = "$(jq -c . <<<"$from_show")" ]' \
    "request #$id: export json $from_export and csv $from_csv agree with show $from_show"
done
# The value and pipeline in the other machine formats: CSV, TSV, JSON Lines.
# column NAME ID SEP: the cell under header NAME in the row whose id is ID.
column() {
  awk -F"$3" -v name="$1" -v id="$2" 'NR == 1 { for (i = 1; i <= NF; i++) { h = $i; gsub(/"/, "", h); if (h == name) c = i; if (h == "id") k = i } next }
    { key = $k; gsub(/"/, "", key); if (key == id) { v = $c; gsub(/"/, "", v); print v } }' <<<"$OUT"
}
for id in 1 2 3 4; do
  rt show "$id" --format json
  value=$(jq .totals.value <<<"$OUT" | sed 's/\.0$//')
  pipeline=$(jq .totals.pipeline <<<"$OUT" | sed 's/\.0$//')
  seen=""
  for format in csv tsv; do
    sep=$([ "$format" = csv ] && echo , || printf '\t')
    rt list --format "$format"
    seen+=" list-$format:$(column value_USD "$id" "$sep")"
    rt score --format "$format"
    seen+=" score-$format:$(column value_USD "$id" "$sep")/$(column pipeline_USD "$id" "$sep")"
    rt export --format "$format"
    seen+=" export-$format:$(column value_USD "$id" "$sep")/$(column pipeline_USD "$id" "$sep")"
    rt show "$id" --format "$format"
    seen+=" show-$format:$(awk -F"$sep" '{ gsub(/"/, "") } $1 == "value" { print $2 }' <<<"$OUT")"
  done
  rt score --format jsonl
  seen+=" score-jsonl:$(jq -r "select(.id == $id) | \"\(.quantities.value)/\(.quantities.pipeline)\"" <<<"$OUT" | sed 's/\.0\//\//; s/\.0$//')"
  rt export --format jsonl
  seen+=" export-jsonl:$(jq -r "select(.id == $id) | \"\(.value)/\(.pipeline)\"" <<<"$OUT")"
  expected=" list-csv:$value score-csv:$value/$pipeline export-csv:$value/$pipeline show-csv:$value"
  expected+=" list-tsv:$value score-tsv:$value/$pipeline export-tsv:$value/$pipeline show-tsv:$value"
  expected+=" score-jsonl:$value/$pipeline export-jsonl:$value/$pipeline"
  expect_true '[ "$seen" = "$expected" ]' "request #$id in every format: $seen (expected $expected)"
done

# And each account's figures in accounts, export and the account brief.
rt accounts --format json
accounts_json=$OUT
rt export --what accounts --format json
export_json=$OUT
rt report accounts --format json
report_json=$OUT
for name in "Contoso Health" Globex Initech Hooli Umbrella; do
  a=$(jq -c ".[] | select(.name == \"$name\") | {value, pipeline, won, lost, deals}" <<<"$accounts_json")
  e=$(jq -c ".[] | select(.account == \"$name\") | {value, pipeline, won, lost, deals}" <<<"$export_json")
  r=$(jq -c ".[] | select(.account == \"$name\") | {value, pipeline, won, lost, deals}" <<<"$report_json")
  expect_true '[ "$a" = "$e" ] && [ "$e" = "$r" ]' "account $name: accounts $a, export $e, report $r agree"
done

# Hooli's two asks on #3 are two deals; the account counts by its larger one.
rt score --explain 3
expect_out_has "#7 Hooli: USD 80,000, negotiation (open, weight 0.6), blocker x1.5"
expect_out_has "adds value 80,000, pipeline 48,000 (80,000 x 0.6); importance x1.5 (from ask #7)"
expect_out_has "adds nothing: account_policy max: another deal of Hooli counts"
expect_out_has "#9 Umbrella: USD 40,000, stage unknown (weight 0.05)"
rt score --explain 1
expect_out_has "adds won 300,000 (kept out of value and pipeline)"
rt score --explain 2 --format json
expect_true '[ "$(jq -c "[.asks[] | .adds_lost]" <<<"$OUT")" = "[0,50000]" ]' "explain JSON names what each ask adds"

# Corrections: show, edit, move, delete, restore; each in history and --as-of.
export REQTRIAGE_NOW="2026-11-10T10:00:00Z"
rt ask 7
expect_rc 0
expect_out_has "stage_kind     open"
rt ask 7 --format json
expect_true '[ "$(jq -r .importance <<<"$OUT")" = blocker ] && [ "$(jq .value <<<"$OUT")" = 80000 ]' "ask shows one ask"
rt ask 7 --value 90k --stage commit --note "signed the LOI"
expect_rc 0
expect_true '[ "$(sql "SELECT value_cents || stage || note FROM asks WHERE id = 7")" = "9000000commitsigned the LOI" ]' "the ask is corrected in place"
rt ask 1 --value 1.5M
expect_true '[ "$(sql "SELECT count(*) FROM asks WHERE deal = '"'"'OPP-1'"'"' AND value_cents = 150000000")" = 4 ]' \
  "a deal's amount changes on every ask of the deal"
rt ask 9 --move-to 4 --quiet
expect_true '[ "$(sql "SELECT request_id * 10 + origin_request_id FROM asks WHERE id = 9")" = 44 ]' "moved, and counted as logged there"
rt ask 8 --delete --reason "test entry" --quiet
expect_rc 0
expect_true '[ "$(sql "SELECT delete_reason FROM asks WHERE id = 8")" = "test entry" ]' "a deleted ask is kept"
rt show 3 --format json
expect_true '[ "$(jq -c "[.asks[] | .id]" <<<"$OUT")" = "[3,7]" ]' "a deleted ask leaves the request"
rt history 3 --format json
expect_true '[ "$(jq -c "[.[] | .action] | map(select(startswith(\"ask-\"))) | unique" <<<"$OUT")" = "[\"ask-added\",\"ask-changed\",\"ask-deleted\",\"ask-moved-away\"]" ]' "every correction is in history"
export REQTRIAGE_NOW="2026-11-12T10:00:00Z"
rt score --format json --as-of 2026-11-05
expect_true '[ "$(jq ".[] | select(.id == 3) | .quantities.value" <<<"$OUT")" = 1320000 ]' "--as-of sees the asks before their corrections (1.2M + 80k + 40k)"
expect_true '[ "$(jq ".[] | select(.id == 3) | .quantities.asks" <<<"$OUT")" = 4 ]' "--as-of sees the deleted ask and the moved one where they were"
expect_true '[ "$(jq ".[] | select(.id == 1) | .quantities.value" <<<"$OUT")" = 1200000 ]' "--as-of sees the deal's old amount"
rt ask 8 --restore --quiet
expect_true '[ "$(sql "SELECT coalesce(deleted_at, '"'"'live'"'"') || delete_reason FROM asks WHERE id = 8")" = live ]' "restored exactly"

# Bad corrections: a clear message, a documented exit code, nothing changed.
before=$(db_state)
rt ask 99 --value 1k
expect_rc 4
expect_err "reqtriage: error: no ask #99"
rt ask 9 --move-to 5
expect_rc 3
expect_err "reqtriage: error: --move-to: request #5 was merged into #3; move the ask there with --move-to 3"
rt ask 8 --delete
expect_rc 2
expect_err_has "--delete needs --reason"
rt ask 8 --delete --reason twice --quiet
rt ask 8 --delete --reason again
expect_rc 3
expect_err_has "--delete: ask #8 is already deleted"
rt ask 8 --value 5k
expect_rc 3
expect_err_has "bring it back first with \`reqtriage ask 8 --restore\`"
rt ask 7 --restore
expect_rc 3
expect_err "reqtriage: error: --restore: ask #7 is not deleted"
rt ask 7 --stage won
expect_rc 3
expect_err_has "--stage: unknown stage 'won'"
rt ask 7 --importance urgent
expect_rc 3
expect_err "reqtriage: error: --importance: unknown importance 'urgent': expected blocker, important or nice"
rt ask 7 --delete --reason x --value 1
expect_rc 2
rt log --to 1 --account Acme --deal "#4"
expect_rc 3
expect_err_has "a deal key cannot start with '#'"
rt ask 8 --restore --quiet
after_restore=$(db_state)
expect_true '[ "$(sql "SELECT count(*) FROM asks WHERE deleted_at IS NULL")" = 9 ]' "the failed commands changed nothing but the delete and restore"

# Account names: legal suffixes and spacing match; a typo is caught.
rt log --to 1 --account "Contoso Health, Inc." --deal OPP-1 --quiet
expect_true '[ "$(sql "SELECT count(*) FROM accounts")" = 5 ]' "'Contoso Health, Inc.' is Contoso Health"
expect_true '[ "$(sql "SELECT value_cents FROM asks WHERE id = 10")" = 150000000 ]' "an ask on a known deal takes its amount"
before=$(db_state)
rt log --to 2 --account "Contso Health" --value 1k
expect_rc 3
expect_err "reqtriage: error: --account: no account 'Contso Health'; did you mean 'Contoso Health' (account #1)? use --new-account to keep both"
expect_true '[ "$(db_state)" = "$before" ]' "a refused name writes nothing"
rt log --to 2 --account "Contso Health" --value 1k --new-account --quiet
expect_rc 0
rt account merge "Contso Health" --into "Contoso Health"
expect_rc 0
expect_err_has "1 ask moved"
expect_true '[ "$(sql "SELECT account_id FROM asks WHERE id = 11")" = 1 ]' "merged asks move"
rt log --to 3 --account "contso health" --value 2k --quiet
expect_true '[ "$(sql "SELECT account_id FROM asks WHERE id = 12")" = 1 ]' "a merged name lands on its survivor"
rt account unmerge "Contso Health" --quiet
expect_rc 0
expect_true '[ "$(sql "SELECT account_id FROM asks WHERE id = 11")" = 6 ]' "unmerge brings the moved asks back"
before=$(db_state)
rt account merge "Contoso Health" --into "contoso health"
expect_rc 3
expect_err "reqtriage: error: nothing to merge: every account named is the one to merge into"
rt account merge Nobody --into Globex
expect_rc 4
expect_err "reqtriage: error: no account 'Nobody' (see \`reqtriage accounts\`)"
rt account rename Globex Hooli
expect_rc 3
expect_err_has "'Hooli' is already account 'Hooli'"
expect_true '[ "$(db_state)" = "$before" ]' "failed account changes write nothing"
rt account rename Globex "Globex Corporation" --quiet
expect_rc 0
rt account Globex --alias "GBX" --quiet
expect_rc 0
rt log --to 4 --account gbx --value 3k --quiet
expect_true '[ "$(sql "SELECT c.name FROM asks a JOIN accounts c ON c.id = a.account_id WHERE a.id = 13")" = "Globex Corporation" ]' "an alias lands on its account"
rt accounts --format json
expect_true '[ "$(jq -c ".[] | select(.name == \"Globex Corporation\") | .aliases" <<<"$OUT")" = "[\"GBX\"]" ]' "aliases are listed"
rt report accounts --as-of 2026-11-05 --account Globex
expect_out_has "## Globex"

# Deals from a CRM file: rows of one opportunity count it once.
cat >"$WORK/deals.csv" <<'CSV'
Title,Account,Amount,Stage,Deal,Importance
Slack alerts,Wayne,"$500,000",proposal,OPP-77,blocker
Teams alerts,Wayne,"$500,000",proposal,OPP-77,nice
CSV
rt import "$WORK/deals.csv" --quiet
expect_rc 0
rt accounts --format json
expect_true '[ "$(jq ".[] | select(.name == \"Wayne\") | .value" <<<"$OUT")" = 500000 ]' "an imported deal counts once"
expect_true '[ "$(sql "SELECT importance FROM asks WHERE deal = '"'"'OPP-77'"'"' ORDER BY id LIMIT 1")" = blocker ]' "importance is imported"

# A CRM row whose ask was deleted by hand stays deleted on re-import.
printf 'Opportunity ID,Title,Account,Amount\nX-1,Webhooks,Wayne,10000\nX-2,Webhooks,Stark,20000\n' >"$WORK/keyed.csv"
rt import "$WORK/keyed.csv" --quiet
deleted=$(sql "SELECT id FROM asks WHERE import_key = 'id:X-1'")
rt ask "$deleted" --delete --reason "duplicate of the Teams row" --quiet
rt import "$WORK/keyed.csv" --format json
expect_true '[ "$(jq .deleted <<<"$OUT")" = 1 ] && [ "$(jq .unchanged <<<"$OUT")" = 1 ]' "the import counts the deleted row"
expect_err_has "1 row left out: its ask was deleted by hand"
expect_true '[ "$(sql "SELECT count(*) FROM asks WHERE import_key = '"'"'id:X-1'"'"' AND deleted_at IS NOT NULL")" = 1 ]' "and leaves it deleted"

# config check: every currency the store holds must convert to the base.
rt log --to 1 --account Wayne --value "GBP 10k" --quiet
printf 'base_currency = "EUR"\n[currencies]\nUSD = 0.92\n' >"$WORK/eur.toml"
rt --config "$WORK/eur.toml" config check
expect_rc 5
expect_err_has "currencies.GBP: $REQTRIAGE_DB holds money in GBP, but no rate converts it to the base currency EUR"

rt doctor
expect_rc 0 "doctor finds every correction consistent"

finish
