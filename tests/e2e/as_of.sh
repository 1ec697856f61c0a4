#!/usr/bin/env bash
# score --as-of and report accounts --as-of reproduce the ranking of a past
# day from the history, whatever happened since.
source "$(dirname "$0")/lib.sh"

export REQTRIAGE_NOW=2026-11-20T09:00:00Z
rt log "SSO with Okta" --account Acme --value 100k --stage proposal --effort 5 --tag sso --quiet
rt log "single sign-on via okta" --account Globex --value 60k --stage commit --quiet
rt log "Dark mode" --account Hooli --value 10k --stage lead --quiet
rt log "Audit log export" --account Initech --value 50k --stage negotiation --effort 2 --quiet
rt account Acme --segment enterprise --arr 300k --quiet
printf 'id,title,account,value,stage\nOPP-1,Bulk edit,Stark,40000,proposal\n' >"$WORK/crm.csv"
rt import "$WORK/crm.csv" --quiet
rt score --format tsv
then_tsv=$OUT
rt score --format json --explain
then_json=$(jq -c '[.[] | {id, rank, score}]' <<<"$OUT")
rt report accounts --format csv
then_accounts=$OUT
rt report review --format json --no-snapshot
then_review=$(jq -c 'del(.movers)' <<<"$OUT")

# A week of changes: estimates, a decline, a merge, new asks, a moved deal,
# an account's new segment, a new request; then an unmerge and a re-merge.
export REQTRIAGE_NOW=2026-11-24T10:00:00Z
rt set 3 --status declined --reason "Not now" --quiet
rt set 4 --effort 8 --tag compliance --quiet
rt merge 2 --into 1 --force --quiet
rt log --to 1 --account Wayne --value 500k --stage commit --quiet
sed -i 's/40000,proposal/90000,commit/' "$WORK/crm.csv"
rt import "$WORK/crm.csv" --quiet
rt account Acme --segment smb --arr 10k --quiet
export REQTRIAGE_NOW=2026-11-26T10:00:00Z
rt log "Webhooks" --account Acme --value 900k --stage commit --quiet
rt unmerge 2 --quiet
rt merge 1 --into 2 --force --quiet
rt score --format tsv
expect_true '[ "$OUT" != "$then_tsv" ]' "the ranking has changed since"

export REQTRIAGE_NOW=2026-11-27T10:00:00Z
rt score --as-of 2026-11-20 --format tsv
expect_rc 0
expect_out "$then_tsv"
rt score --as-of 2026-11-20 --format json --explain
expect_true '[ "$(jq -c "[.[] | {id, rank, score}]" <<<"$OUT")" = "$then_json" ]' "scores and ranks as they were"
rt report accounts --as-of 2026-11-20 --format csv
expect_out "$then_accounts"
rt report review --as-of 2026-11-20 --format json --since 2026-11-13
expect_true '[ "$(jq -c "del(.movers)" <<<"$OUT")" = "$then_review" ]' "the review re-run as of the 20th"

# A day in between sees the decline and the first merge, not what came later.
rt score --as-of 2026-11-24 --format json
expect_true '[ "$(jq -c "[.[].id]" <<<"$OUT")" = "[1,5,4]" ]' "the 24th: #2 merged into #1, #3 declined"
rt score --as-of 2026-11-24 --explain 1 --format json
expect_true '[ "$(jq .quantities.accounts <<<"$OUT")" = 3 ]' "#1 held Acme, Globex and Wayne on the 24th"
rt score --as-of 2026-11-19 --format tsv
expect_out $'rank\tid\tscore\ttitle\tstatus\taccounts\tvalue_USD\tpipeline_USD\teffort\tflags'
rt score --as-of 2026-13-01
expect_rc 3
rt score --as-of 2026-11-20 --snapshot
expect_rc 2
# A day before anything was logged says so, not a bare header alone.
rt score --as-of 2000-01-01
expect_rc 0
expect_err_has "--as-of 2000-01-01: nothing had been logged by the end of that day (the first request is from "
finish
