#!/usr/bin/env bash
# Closing the loop with sales: delivery targets and ticket links, the
# sentence for each customer, each rep's report, tracker sync and filters.
source "$(dirname "$0")/lib.sh"

rt log "Dark mode" --account Acme --value 10k --by Alice --quiet
rt log "SSO with Okta" --account Globex --value 50k --by Bob --stage proposal --quiet
rt log "Audit log export" --account Initech --value 20k --by Alice --quiet

# --- Delivery: a target (date, quarter or release) and ticket links.
rt set 2 --target 2027-q1 --link proj-12 --link https://jira.example.com/browse/PROJ-13
expect_rc 0
expect_true '[ "$(sql "SELECT target FROM requests WHERE id = 2")" = 2027-Q1 ]' "a quarter is stored upper case"
expect_true '[ "$(sql "SELECT group_concat(link, \" \") FROM (SELECT link FROM request_links WHERE request_id = 2 ORDER BY link)")" = "PROJ-12 https://jira.example.com/browse/PROJ-13" ]' "keys upper case, URLs as given"
rt show 2
expect_out_has "target: 2027-Q1   links: PROJ-12 https://jira.example.com/browse/PROJ-13"
rt show 2 --format json
expect_true '[ "$(jq -c "[.target, .links]" <<<"$OUT")" = "[\"2027-Q1\",[\"PROJ-12\",\"https://jira.example.com/browse/PROJ-13\"]]" ]' "show's JSON has target and links"
rt list --format json
expect_true '[ "$(jq -c "[.[] | .target]" <<<"$OUT")" = "[null,\"2027-Q1\",null]" ]' "list's JSON has the target, null when none"
rt list
expect_out_has "target"
expect_out_has "2027-Q1"
rt export --format csv --columns id,target,links
expect_out_has '2,2027-Q1,PROJ-12 https://jira.example.com/browse/PROJ-13'

# Bad targets and links are refused, naming the option, and change nothing.
before=$(db_state)
for bad in "--target 2027-13-01" "--target 2027-Q5" "--link not-a-key" "--link ftp://x" "--unlink PROJ-99"; do
  # shellcheck disable=SC2086
  rt set 2 $bad
  expect_rc 3 "set 2 $bad exits 3"
done
expect_err "reqtriage: error: --unlink: request #2 has no link PROJ-99"
expect_true '[ "$(db_state)" = "$before" ]' "refused targets and links write nothing"

# History records both; --as-of sees the request as it was.
REQTRIAGE_NOW=2026-11-28T10:00:00Z rt set 2 --target "Release 4.3" --unlink PROJ-12 --quiet
rt history 2 --format json
expect_true '[ "$(jq -r "[.[] | select(.field == \"target\") | .new_value] | join(\",\")" <<<"$OUT")" = "2027-Q1,Release 4.3" ]' "each target change is in history"
rt show 2 --format json
expect_true '[ "$(jq -c "[.target, .links]" <<<"$OUT")" = "[\"Release 4.3\",[\"https://jira.example.com/browse/PROJ-13\"]]" ]' "the target and links now"
rt export --as-of 2026-11-27 --format json --columns id,target,links
expect_true '[ "$(jq -c ".[] | select(.id == 2) | [.target, .links]" <<<"$OUT")" = "[\"2027-Q1\",\"PROJ-12 https://jira.example.com/browse/PROJ-13\"]" ]' "--as-of gives the target and links as they were"
rt set 2 --target none --quiet
expect_true '[ "$(sql "SELECT target FROM requests WHERE id = 2")" = "" ]' "--target none clears it"
rt set 2 --target "Release 4.3" --quiet

finish
