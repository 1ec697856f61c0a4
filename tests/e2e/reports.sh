#!/usr/bin/env bash
# report accounts and report review in every format; rank movers across two
# snapshots; workarounds; declines need reasons.
source "$(dirname "$0")/lib.sh"

export REQTRIAGE_NOW=2026-11-20T09:00:00Z
rt log "SSO with Okta" --account Acme --value 100k --stage proposal --effort 5 --quiet
rt log "Dark mode" --account Acme --value 10k --stage lead --quiet
rt log "Audit log export" --account Globex --value 50k --stage commit --effort 2 --quiet
rt account Acme --segment enterprise --arr 400k --quiet

export REQTRIAGE_NOW=2026-11-20T10:00:00Z
rt report review --format json --save
expect_rc 0
expect_true '[ "$(jq -r ".top[0].title" <<<"$OUT")" = "Audit log export" ]' "the top of the ranking"
expect_true '[ "$(jq ".movers | length" <<<"$OUT")" = 0 ]' "no movers without an earlier review"
expect_true '[ "$(jq -r ".since" <<<"$OUT")" = 2026-11-13 ]' "a week back by default"

# A week later: a decline, an estimate, a new big ask.
export REQTRIAGE_NOW=2026-11-27T09:00:00Z
rt set 2 --status declined
expect_rc 3
expect_err_has "reqtriage: error: --status declined needs --reason: sales needs to know why, to tell the customer (request #"
rt set 2 --status declined --reason "Not for this year" --workaround "Use the OS dark theme" --quiet
expect_rc 0
rt log --to 1 --account Initech --value 400k --stage commit --quiet
rt score --snapshot --format tsv --top 1
expect_out_has $'1\t1\t'

export REQTRIAGE_NOW=2026-11-27T10:00:00Z
rt report review --save
expect_rc 0
expect_out_has "# Weekly review, 2026-11-27"
expect_out_has "_Since 2026-11-27; values in"
expect_out_has "| 2 | Dark mode | declined | Not for this year | Use the OS dark theme |  | 2026-11-27 |"
expect_out_has "## New asks (1 on 1 request)"

# Movers: compare with the review of the 20th by asking from then.
rt report review --since 2026-11-20 --format json --no-snapshot
expect_true '[ "$(jq -c "[.movers[] | {id, move}]" <<<"$OUT")" = "[]" ]' "the latest snapshot (score --snapshot) already has this ranking"
# Forget this week's snapshots: the review of the 20th is the one before.
sql "DELETE FROM snapshot_ranks WHERE snapshot_id IN (SELECT id FROM snapshots WHERE taken_at >= '2026-11-27'); DELETE FROM snapshots WHERE taken_at >= '2026-11-27';"
rt report review --format json --no-snapshot
expect_true '[ "$(jq -c "[.movers[] | {id, move}]" <<<"$OUT")" = "[{\"id\":1,\"move\":\"up 1\"},{\"id\":3,\"move\":\"down 1\"}]" ]' "rank movers across two snapshots"
expect_true '[ "$(jq -c "[.value_by_status[] | .status]" <<<"$OUT")" = "[\"new\",\"declined\",\"total\"]" ]' "value by status"


rt report accounts
expect_rc 0
expect_out_has "## Acme"
expect_out_has "segment enterprise · ARR USD 400,000 · value at stake USD 110,000 over 2 requests (2 deals)"
expect_out_has 'We will not build "Dark mode" for now: Not for this year. Meanwhile: Use the OS dark theme.'
rt report accounts --account acme --format csv
expect_out_has '"Acme","2","2","Dark mode","declined","","","","10000","lead","open","","Not for this year","Use the OS dark theme",'
expect_true '[[ "$OUT" != *Globex* ]]' "one account only"
rt report accounts --format json
expect_true '[ "$(jq -r ".[] | select(.account == \"Initech\") | .ask_list[0].rank" <<<"$OUT")" = 1 ]' "ranks in the account brief"
rt report accounts --account Nobody
expect_rc 4
rt report review --format csv
expect_rc 2
rt report review --since 2026-13-01
expect_rc 3

# Each review stores only what changed since the one before: a new request at
# the top is one row, though every other rank moves down.
export REQTRIAGE_NOW=2026-11-28T10:00:00Z
rt report review --save
rt log "Bulk user import" --account Hooli --value 900k --stage commit --quiet
export REQTRIAGE_NOW=2026-11-29T10:00:00Z
rt report review --format json --save
expect_true '[ "$(jq -c "[.movers[] | {id, move}]" <<<"$OUT")" = "[{\"id\":1,\"move\":\"down 1\"},{\"id\":3,\"move\":\"down 1\"},{\"id\":4,\"move\":\"new\"}]" ]' "movers from a stored change"
expect_true '[ "$(sql "SELECT CASE WHEN base_id IS NULL THEN 0 ELSE 1 END, (SELECT count(*) FROM snapshot_ranks WHERE snapshot_id = s.id) FROM snapshots s ORDER BY id DESC LIMIT 1")" = "1|1" ]' "the latest snapshot stores one row"
export REQTRIAGE_NOW=2026-11-30T10:00:00Z
rt report review --format json --no-snapshot
expect_true '[ "$(jq -c "[.movers[] | {id, move}]" <<<"$OUT")" = "[]" ]' "the ranking read back through its changes is the one saved"

# A second review the same day prints the same report: saving is explicit,
# so the first does not empty the window of the second.
export REQTRIAGE_NOW=2026-12-07T08:30:00Z
rt log "Offline sync" --account Hooli --value 50k --stage proposal --quiet
rt report review --format json
expect_true '[[ "$ERR" != *"Saved"* ]]' "a review saves nothing unless told"
first=$(jq -c '{since, movers, new_requests, new_asks, decided}' <<<"$OUT")
export REQTRIAGE_NOW=2026-12-07T09:15:00Z
rt report review --format json
expect_true '[ "$(jq -c "{since, movers, new_requests, new_asks, decided}" <<<"$OUT")" = "$first" ]' \
  "the second review of the morning is the first one again"
expect_true '[ "$(jq "[.new_asks[] | select(.request_id != null)] | length" <<<"$OUT")" -gt 0 ]' "with the week's asks in it"
rt report review --save
expect_out_has "_Since 2026-11-29; values in"
expect_err_has "Saved this ranking of"

finish
