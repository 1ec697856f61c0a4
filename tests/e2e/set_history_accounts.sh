#!/usr/bin/env bash
# set, history, accounts and account.
source "$(dirname "$0")/lib.sh"

rt log "Dark mode" --account Globex --value 50k --tag ui
rt log "SSO with Okta" --account Acme --value 120k --stage proposal
rt log --to 2 --account Globex --value 10k

REQTRIAGE_NOW=2026-11-28T09:00:00Z rt set 1 --status declined --reason "Not our market" \
  --effort 8 --tag later --untag ui --area "Look and Feel"
expect_rc 0
expect_out ""
expect_err "#1: area '' -> 'look-and-feel'
#1: status 'new' -> 'declined'
#1: reason '' -> 'Not our market'
#1: effort '' -> '8'
#1: tags 'ui' -> 'later'"

rt set 1 --effort 8
expect_rc 0
expect_err "#1: nothing changed."

rt set 1 --effort none --format json
expect_rc 0
expect_true '[ "$(jq -r .effort <<<"$OUT")" = null ]' "--effort none clears the estimate"
expect_true '[ "$(jq -r .reason <<<"$OUT")" = "Not our market" ]'

rt set 2 --title "Single sign-on with Okta" --description "Users want one login." --quiet
expect_rc 0
expect_err ""

rt history 1 --format tsv
expect_rc 0
expect_out $'at\tactor\trequest\taccount\taction\tfield\told\tnew
2026-11-27T10:00:00Z\ttester\t1\t\tcreated\ttitle\t\tDark mode
2026-11-27T10:00:00Z\ttester\t1\tGlobex\task-added\task\t\t#1 Globex, USD 50,000
2026-11-28T09:00:00Z\ttester\t1\t\tchanged\tarea\t\tlook-and-feel
2026-11-28T09:00:00Z\ttester\t1\t\tchanged\tstatus\tnew\tdeclined
2026-11-28T09:00:00Z\ttester\t1\t\tchanged\treason\t\tNot our market
2026-11-28T09:00:00Z\ttester\t1\t\tchanged\teffort\t\t8
2026-11-28T09:00:00Z\ttester\t1\t\tchanged\ttags\tui\tlater
2026-11-27T10:00:00Z\ttester\t1\t\tchanged\teffort\t8\t'

rt history --format json
expect_rc 0
expect_true '[ "$(jq "length" <<<"$OUT")" = 15 ]' "history of everything, accounts included"
expect_true '[ "$(jq -r "[.[] | select(.action == \"account-created\")] | length" <<<"$OUT")" = 2 ]'

rt show 1 --format json
expect_true '[ "$(jq -r .updated_at <<<"$OUT")" = 2026-11-27T10:00:00Z ]' "a change updates the timestamp"
expect_true '[ "$(jq -r .area <<<"$OUT")" = look-and-feel ]'

rt list
expect_out_has " 1  declined  Dark mode"

rt list --status declined --format csv
expect_out $'"id","status","title","area","tags","accounts","asks","value_USD","effort","target","close"
"1","declined","Dark mode","look-and-feel","later","1","1","50000","","",""'

rt accounts
expect_rc 0
expect_out "account  segment  arr  arr_currency  requests  asks  deals  value_USD  pipeline_USD  won_USD  lost_USD  aliases
Acme                                        1     1      1    120,000        48,000        0         0
Globex                                      2     2      2     60,000         3,000        0         0"

rt account globex --segment enterprise --arr "EUR 200k"
expect_rc 0
expect_out "account  segment         arr  arr_currency  requests  asks  deals  value_USD  pipeline_USD  won_USD  lost_USD  aliases
Globex   enterprise  200,000  EUR                  2     2      2     60,000         3,000        0         0"

rt account GLOBEX --format json
expect_rc 0
expect_true '[ "$(jq -r ".[0].arr.amount" <<<"$OUT")" = 200000 ]'
expect_true '[ "$(jq -r ".[0].segment" <<<"$OUT")" = enterprise ]'

rt account Initech --segment smb
expect_rc 0
expect_out_has "Initech  smb"

rt history --format csv
expect_out_has '"account-changed","segment","","enterprise"'
expect_out_has '"account-changed","arr","","EUR 200,000"'

finish
