#!/usr/bin/env bash
# Every page reconciles (reqtriage(1), MONEY): the seven contradictions of
# the PM trial, each with its numbers. An account's figures are what its
# requests show for it; the review's rows by status add up to its total;
# pipeline is value x stage weight; every rank is the company's;
# corrections say what they moved; numbers come out exact.
source "$(dirname "$0")/lib.sh"
export REQTRIAGE_NOW="2026-11-02T10:00:00Z"

# 1. One customer's opportunity relayed twice on one request (by a rep
#    without a key, and from the CRM with one), and another customer's won
#    deal relayed twice: account_policy max keeps one of each.
rt log "Usage-based billing" --account Litware --value 129600 --stage proposal --quiet
rt log --to 1 --account Litware --value 129600 --stage proposal --deal CRM-77 --quiet
expect_err_has "ask #1 of Litware looks like deal CRM-77 (ask #2) relayed again; if it is, make them one deal with \`reqtriage ask 1 --deal 'CRM-77'\`"
rt log --to 1 --account Fabrikam --value 16200 --stage proposal --quiet
rt log "Bank feeds" --account "Northwind Bank" --value 90k --stage closed_won --quiet
rt log --to 2 --account "Northwind Bank" --value 90k --stage closed_won --quiet
rt set 2 --status shipped --quiet
expect_rc 0
rt show 1 --format json
expect_true '[ "$(jq .totals.value <<<"$OUT")" = 145800 ]' "#1 counts Litware once: 129,600 + 16,200"
rt accounts --format json
expect_true '[ "$(jq ".[] | select(.name == \"Litware\") | .value" <<<"$OUT")" = 129600 ]' \
  "Litware's value is what its one request shows for it, not 259,200"
expect_true '[ "$(jq ".[] | select(.name == \"Northwind Bank\") | .won" <<<"$OUT")" = 90000 ]' \
  "Northwind's committed (won) is its request's 90,000, not 180,000"
#    An import row with a deal key beside a rep's unkeyed relay of the same
#    amount says so, with the command that joins them.
write_crm_map "$WORK/crm.toml"
printf 'Row,Opportunity,Feature,Account,Amount,Stage\nR1,OPP-55,Bank feeds,Northwind Bank,91000,closed_won\n' >"$WORK/crm.csv"
rt import "$WORK/crm.csv" --map crm --config "$WORK/crm.toml"
expect_rc 0
expect_err_has "ask #4 of Northwind Bank looks like deal OPP-55 (new ask #"
expect_err_has "\`reqtriage ask 4 --deal 'OPP-55'\`"
rt ask "$(sql "SELECT id FROM asks WHERE deal = 'OPP-55'")" --delete --reason "test import" --quiet
rt report accounts --account "Northwind Bank"
expect_out_has "USD 90,000"
expect_true '[[ "$OUT" != *"180,000"* ]]' "the sales brief says 90,000 won, as the request does"
rt report review --no-snapshot --format json
expect_true '[ "$(jq ".value_by_status[] | select(.status == \"new\") | .value" <<<"$OUT")" = 145800 ]' \
  "the status row of #1 (the only new request) is #1's value, not 275,400"
expect_true '[ "$(jq ".new_asks_by_request[] | select(.id == 1) | .value" <<<"$OUT")" = 145800 ]' \
  "the new-asks line of #1 says #1's value"

# 2. One deal on a new, an in-progress and a shipped request: it counts
#    once, under the shipped one, and the rows add up to the total.
for title in "Audit trail" "Audit trail API" "Audit trail export"; do
  rt log "$title" --account Contoso --value 1.2M --stage commit --deal OPP-9 --quiet
done
rt set 4 --status in-progress --quiet
rt set 5 --status shipped --quiet
rt log --to 3 --account Adatum --value 1.4M --stage closed_won --quiet
rt report review --no-snapshot --format json
rows_sum() { jq "[.value_by_status[] | select(.status != \"total\") | .$1] | add" <<<"$OUT"; }
total_of() { jq ".value_by_status[] | select(.status == \"total\") | .$1" <<<"$OUT"; }
for figure in value pipeline won lost deals; do
  expect_true '[ "$(rows_sum $figure)" = "$(total_of $figure)" ]' "the status rows' $figure adds up to the total"
done
expect_true '[ "$(jq ".value_by_status[] | select(.status == \"shipped\") | .value" <<<"$OUT")" = 1200000 ]' \
  "OPP-9 counts under its shipped request"
expect_true '[ "$(jq ".value_by_status[] | select(.status == \"in-progress\") | .deals" <<<"$OUT")" = 0 ]' \
  "and not again under in-progress"
rt report review --no-snapshot
expect_out_has "committed (won)"
expect_out_has "under its request furthest along"

# 3. Importance is its own quantity: pipeline = value x stage weight, and
#    --explain names the multiplier and the ask it came from.
rt log "Offline mode" --account Hooli --value 900k --stage commit --importance blocker --quiet
rt score --explain 6 --format json
expect_true '[ "$(jq .quantities.pipeline <<<"$OUT")" = 720000 ]' "pipeline is 900,000 x 0.8, no multiplier"
expect_true '[ "$(jq .quantities.importance <<<"$OUT")" = 1.5 ]' "importance is its own quantity"
expect_true '[ "$(jq .score <<<"$OUT")" = "$(jq .quantities.pipeline*1.5/.quantities.effort <<<"$OUT")" ]' \
  "the default profile weighs pipeline by importance"
rt score --explain 6
expect_out_has "adds value 900,000, pipeline 720,000 (900,000 x 0.8); importance x1.5 (from ask #"
rt list --format json
expect_true '[ "$(jq "[.[] | select(.totals.pipeline > .totals.value)] | length" <<<"$OUT")" = 0 ]' \
  "no request's pipeline is above its value"

# 4. Filtered views print the company's rank, and their own place apart.
rt score --format json
company_rank=$(jq '.[] | select(.id == 1) | .rank' <<<"$OUT")
rt score --account Fabrikam --format json
expect_true '[ "$(jq ".[] | select(.id == 1) | .rank" <<<"$OUT")" = "$company_rank" ]' \
  "score --account prints #1's company rank ($company_rank)"
expect_true '[ "$(jq ".[] | select(.id == 1) | .view_rank" <<<"$OUT")" = 1 ]' "and its place in the view apart"
rt report accounts --account Fabrikam --format json
expect_true '[ "$(jq "[.. | objects | select(.request_id? == 1) | .rank] | unique | .[0]" <<<"$OUT")" = "$company_rank" ]' \
  "the account brief prints #1's company rank"
rt export --account Fabrikam --format json
expect_true '[ "$(jq ".[] | select(.id == 1) | .rank" <<<"$OUT")" = "$company_rank" ]' "export prints the company rank"

# 5. Corrections say what they moved: an account merge under policy max.
rt log "Bulk edit" --account "Contoso Health" --value 80k --stage proposal --quiet
rt log --to 7 --account "Contoso Hlth" --value 50k --stage proposal --new-account --quiet
before=$(db_state)
rt account merge "Contoso Hlth" --into "Contoso Health"
expect_rc 0
expect_err_has "What changed for customers (USD, before -> after):"
expect_err_has "#7 'Bulk edit': value 130,000 -> 80,000; pipeline 52,000 -> 32,000"
rt account unmerge "Contoso Hlth" --quiet --format json
expect_true '[ "$(jq ".[0].effects[] | select(.id == 7) | [.before.value, .after.value] | @csv" <<<"$OUT")" = "\"80000,130000\"" ]' \
  "account unmerge reports #7 back at 130,000 in JSON"
rt merge 7 --into 1 --force --format json
expect_true '[ "$(jq ".effects[] | select(.id == 1) | .after.value" <<<"$OUT")" = 275800 ]' \
  "merge reports the survivor's new value in JSON"
expect_true '[ "$(jq ".effects[] | select(.id == 7) | .after.value" <<<"$OUT")" = 0 ]' "and the merged request's"
rt unmerge 7 --quiet

# 6. A deal key given later: the ask takes the deal's amount and stage,
#    and one deal shows one amount.
rt log "Custom roles" --account Acme --value 75k --stage proposal --quiet
rt log "Role API" --account Acme --value 81k --stage negotiation --deal K-1 --quiet
ask=$(sql "SELECT a.id FROM asks a JOIN requests r ON r.id = a.request_id WHERE r.title = 'Custom roles'")
rt ask "$ask" --deal K-1 --format json
expect_rc 0
expect_true '[ "$(jq ".effects[0].after.value" <<<"$OUT")" = 81000 ]' "ask reports the request it moved in JSON"
expect_err_has "#8 'Custom roles': value 75,000 -> 81,000"
expect_true '[ "$(sql "SELECT DISTINCT value_cents || stage FROM asks WHERE deal = '"'K-1'"'")" = 8100000negotiation ]' \
  "both asks of K-1 say USD 81,000 / negotiation"
rt show 8 --format json
expect_true '[ "$(jq ".totals.value" <<<"$OUT")" = 81000 ]' "#8 shows the deal's one amount"
#    A new ask that contradicts its deal is refused with the command that changes the deal.
before=$(db_state)
rt log --to 8 --account Acme --deal K-1 --value 200k
expect_rc 3
expect_err_has "--value: deal K-1 of Acme is USD 81,000"
expect_err_has "reqtriage ask"
expect_true '[ "$(db_state)" = "$before" ]' "the refused ask changes nothing"

# 7. Exact numbers out: money with at most two decimals, scores with two.
rt log "EUR invoices" --account Wingtip --value "EUR 84500.10" --stage proposal --quiet
rt log --to 10 --account Tailspin --value 16200.05 --stage negotiation --quiet
money_keys='^(value|pipeline|won|lost|arr|amount|adds_value|adds_pipeline|adds_won|adds_lost|score|base)$'
too_precise="[paths(numbers) as \$p | select(\$p[-1] | tostring | test(\"$money_keys\")) | getpath(\$p) | tostring | select(test(\"\\\\.[0-9]{3,}\"))] | length"
for command in "list" "show 10" "score" "score --explain 10" "export" "accounts" "report review --no-snapshot" "report accounts"; do
  rt $command --format json
  expect_true '[ "$(jq "$too_precise" <<<"$OUT")" = 0 ]' "$command: no JSON money or score with more than two decimals"
done
rt score --format csv
expect_true '! grep -Eq "[0-9]\.[0-9]{3,}" <<<"$OUT"' "score's CSV has no number with more than two decimals"
expect_true '[ "$(awk -F, "NR > 1 { print \$3 }" <<<"$OUT" | grep -Evc "^\"?-?[0-9]+\.[0-9]{2}\"?$")" = 0 ]' \
  "every score has exactly two decimals"

finish
