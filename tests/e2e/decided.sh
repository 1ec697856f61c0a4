#!/usr/bin/env bash
# One answer per feature: log and import find declined and shipped requests
# too, so sales hears the answer already given.
source "$(dirname "$0")/lib.sh"

rt log "Dark mode" --account Acme --value 10k --quiet
rt set 1 --status declined --reason "Low value for the effort" --workaround "Use the OS dark theme" --quiet
rt log "Audit log export" --account Acme --quiet
rt set 2 --status shipped --reason "In 4.2" --quiet

# The same title again is refused, naming the decision; --new logs it anyway.
before=$(db_state)
rt log "dark  mode!" --account Globex --value 5k
expect_rc 3
expect_err "reqtriage: error: TITLE: #1 'Dark mode' is this request, declined 2026-11-27: 'Low value for the effort' (workaround: Use the OS dark theme); add this ask there with --to 1, or give --new to log a new request"
expect_true '[ "$(db_state)" = "$before" ]' "a refused log writes nothing"
rt log "Dark mode" --account Globex --value 5k --new --quiet
expect_rc 0
expect_err_has "reqtriage: warning: looks like #1 'Dark mode', declined 2026-11-27: 'Low value for the effort' (workaround: Use the OS dark theme); add this ask there with --to 1"

# A look-alike of a shipped request is a warning with the decision.
rt log "Export the audit log" --account Hooli
expect_rc 0
expect_err_has "looks like #2 'Audit log export', shipped 2026-11-27: 'In 4.2'; add this ask there with --to 2"

# Import attaches rows to declined and shipped requests by title, and says
# so; an open request with the title (the one logged with --new) comes first.
printf 'Title,Account,Amount\nDark mode,Initech,7000\nAudit log export,Umbrella,3000\nSlack alerts,Initech,1000\n' >"$WORK/rows.csv"
rt import "$WORK/rows.csv" --format json
expect_rc 0
expect_true '[ "$(jq .on_decided <<<"$OUT")" = 1 ] && [ "$(jq .new_requests <<<"$OUT")" = 1 ]' "one row lands on a decided request"
expect_err_has "reqtriage: warning: 1 new ask joined declined or shipped requests"
expect_true '[ "$(sql "SELECT count(*) FROM asks WHERE request_id = 2")" = 2 ]' "the shipped request holds the new ask"
expect_true '[ "$(sql "SELECT count(*) FROM asks WHERE request_id = 3")" = 2 ]' "the open Dark mode takes its row, not the declined one"

# The review tells the rep the answer already given.
rt report review --no-snapshot --since 2026-11-01
expect_out_has "## Asks on declined or shipped requests since 2026-11-01"
expect_out_has "| Umbrella | shipped | In 4.2 |"
rt report review --no-snapshot --since 2026-11-01 --format json
expect_true '[ "$(jq -r ".asks_on_decided[] | select(.account == \"Umbrella\") | .status" <<<"$OUT")" = shipped ]' "and in JSON"

# dedupe takes decided requests as merge targets, never as the merged side,
# and never pairs two of them.
rt log "Night mode theme" --account Wayne --value 2k --quiet 2>/dev/null
rt log "Dark mode theme" --account Stark --value 3k --new --quiet 2>/dev/null
night=$(sql "SELECT id FROM requests WHERE title = 'Night mode theme'")
dark=$(sql "SELECT id FROM requests WHERE title = 'Dark mode theme'")
rt dedupe --list --format tsv --min-similarity 0.3
expect_out_has $'1\t'"$dark"
rt dedupe --auto --min-similarity 0.6 --format tsv
expect_rc 0
expect_true '[ "$(sql "SELECT status FROM requests WHERE id = 1")" = declined ]' "the declined request stays declined"
expect_true '[ "$(sql "SELECT merged_into FROM requests WHERE id = $dark")" = 1 ] || [ "$(sql "SELECT merged_into FROM requests WHERE id = $dark")" = 3 ]' \
  "the new wording is merged into a Dark mode request"
expect_true '[ "$(sql "SELECT count(*) FROM requests WHERE status = '"'"'merged'"'"' AND id IN (1, 2)")" = 0 ]' "decided requests are never merged away"
rt dedupe --auto --min-similarity 0.6 --format tsv
expect_rc 0
expect_true '[ "$(tail -n +2 <<<"$OUT" | wc -l)" = 0 ]' "a second --auto merges nothing more"

finish
