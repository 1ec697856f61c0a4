#!/usr/bin/env bash
# Merges keep what customers were told: the survivor takes a merged
# request's decision, target and links (and gives them back on unmerge);
# two answers that disagree never merge without the PM; requests less alike
# than the dedupe threshold merge only when the PM says so.
source "$(dirname "$0")/lib.sh"
export REQTRIAGE_NOW="2026-11-02T10:00:00Z"
status_of() { sql "SELECT status || '|' || target || '|' || reason FROM requests WHERE id = $1"; }

# The README tour's case: a planned request with a target, a link and three
# customers, and a paraphrase with more asks that dedupe --auto picks.
rt log "Audit log export" --account Acme --value 10k --quiet
rt log --to 1 --account Globex --value 5k --quiet
rt log --to 1 --account Initech --value 5k --quiet
rt set 1 --status planned --target 2027-Q1 --link https://tracker.example.com/browse/PROJ-123 --quiet
rt log "Export the audit log" --account Hooli --value 1k --new --quiet
for account in Umbrella Stark Wayne Wonka; do rt log --to 2 --account "$account" --value 1k --quiet; done
rt dedupe --auto --min-similarity 0.3
expect_rc 0
expect_true '[ "$(sql "SELECT count(*) FROM requests WHERE status = '"'merged'"'")" = 1 ]' "the two were merged"
survivor=$(sql "SELECT id FROM requests WHERE status <> 'merged'")
expect_true '[ "$(status_of "$survivor")" = "planned|2027-Q1|" ]' \
  "the survivor is planned for 2027-Q1: every customer still hears the plan"
expect_true '[ "$(sql "SELECT count(*) FROM request_links WHERE request_id = $survivor AND link LIKE '"'%PROJ-123'"'")" = 1 ]' \
  "the tracker link moved to the survivor"
printf 'Issue key,Status\nPROJ-123,Done\n' >"$WORK/jira.csv"
cat >"$WORK/jira.toml" <<'TOML'
[tracker.maps.jira]
key = "Issue key"
status = "Status"
[tracker.maps.jira.statuses]
"Done" = "shipped"
TOML
rt import --tracker "$WORK/jira.csv" --map jira --config "$WORK/jira.toml" --quiet
expect_rc 0
expect_true '[ "$(sql "SELECT status FROM requests WHERE id = $survivor")" = shipped ]' \
  "a tracker sync reaches the survivor through the moved link"

# Unmerge gives back what the merge gave the survivor.
rt log "Single sign-on" --account Acme --value 20k --quiet
rt log "SSO login" --account Globex --value 20k --new --quiet
rt set 3 --status in-progress --target 2026-12 --link PROJ-9 --quiet
rt merge 3 --into 4
expect_rc 0
expect_err_has "#4: status 'new' -> 'in-progress' (what its customers are told)"
expect_err_has "#4: target '' -> '2026-12'"
expect_true '[ "$(status_of 4)" = "in-progress|2026-12|" ]' "the survivor took the merged request's decision"
rt unmerge 3
expect_rc 0
expect_true '[ "$(status_of 4)" = "new||" ] && [ "$(status_of 3)" = "in-progress|2026-12|" ]' \
  "unmerge gives each back its own answer"
expect_true '[ "$(sql "SELECT count(*) FROM request_links WHERE request_id = 4")" = 0 ]' "and takes the link back"

# Two answers that disagree are refused, changing nothing; so is a planned
# request with another target.
rt log "Dark mode" --account Acme --value 3k --quiet
rt log "Dark theme" --account Globex --value 3k --new --quiet
rt set 5 --status declined --reason "Not this year" --quiet
rt set 6 --status planned --target 2027-Q2 --quiet
before=$(db_state)
rt merge 5 --into 6 --force
expect_rc 3
expect_err_has "#5 is declined ('Not this year') and #6 is planned for 2027-Q2: one request cannot give customers both answers"
expect_true '[ "$(db_state)" = "$before" ]' "the refused merge changes nothing"
rt dedupe --auto --min-similarity 0.3
expect_rc 0
expect_err_has "group of #"
expect_err_has "left for you"
expect_true '[ "$(status_of 5)" = "declined||Not this year" ] && [ "$(status_of 6)" = "planned|2027-Q2|" ]' \
  "dedupe --auto leaves them for the PM"

# Requests less alike than the threshold: refused in a script, merged with --force.
rt log "German translation of the UI" --account Acme --value 1k --quiet
rt log "Support SAML single sign on" --account Acme --value 1k --new --quiet
before=$(db_state)
rt merge 7 --into 8 </dev/null
expect_rc 3
expect_err_has "below the dedupe threshold"
expect_err_has "--force"
expect_true '[ "$(db_state)" = "$before" ]' "nothing merged without --force"
rt merge 7 --into 8 --force --quiet
expect_rc 0
expect_true '[ "$(sql "SELECT status FROM requests WHERE id = 7")" = merged ]' "--force merges them"

rt doctor
expect_rc 0
finish
