#!/usr/bin/env bash
# log, list and show in every format.
source "$(dirname "$0")/lib.sh"

rt log "SSO with Okta" --account Acme --value 120k --stage proposal --close 2026-12-31 \
  --by dana --tag SSO --tag auth --area security --note "They said: we need Okta by Q1"
expect_rc 0
expect_out "1"
expect_err "Logged #1 'SSO with Okta' with ask #1."

rt log "Dark mode" --account Globex --value "EUR 50k" --effort 2 --quiet
expect_rc 0
expect_out "2"
expect_err "" "--quiet silences messages"

rt log --to 1 --account ACME --value 20,000 --stage lead --source call
expect_rc 0
expect_out "1"
expect_err "Added ask #3 to #1 'SSO with Okta'."

rt log "Audit log export" --format json
expect_rc 0
expect_true '[ "$(jq -r .id <<<"$OUT")" = 3 ]' "log --format json prints the record"
expect_true '[ "$(jq -r .ask <<<"$OUT")" = null ]' "a request without ask has ask null"
expect_true '[ "$(jq -r .status <<<"$OUT")" = new ]'

rt list
expect_rc 0
expect_out "id  status  title             area      tags      accounts  asks  value_USD  effort  target  close
 1  new     SSO with Okta     security  auth,sso         1     2    120,000                  2026-12-31
 2  new     Dark mode                                    1     1     54,000       2
 3  new     Audit log export                             0     0          0"

rt list --format csv
expect_out $'"id","status","title","area","tags","accounts","asks","value_USD","effort","target","close"
"1","new","SSO with Okta","security","auth,sso","1","2","120000","","","2026-12-31"
"2","new","Dark mode","","","1","1","54000","2","",""
"3","new","Audit log export","","","0","0","0","","",""'

rt list --format tsv --tag sso
expect_out $'id\tstatus\ttitle\tarea\ttags\taccounts\tasks\tvalue_USD\teffort\ttarget\tclose
1\tnew\tSSO with Okta\tsecurity\tauth,sso\t1\t2\t120000\t\t\t2026-12-31'

rt list --format json --account globex
expect_rc 0
expect_true '[ "$(jq -r "length" <<<"$OUT")" = 1 ]'
expect_true '[ "$(jq -r ".[0].title" <<<"$OUT")" = "Dark mode" ]'
expect_true '[ "$(jq -r ".[0].totals.value" <<<"$OUT")" = 54000 ]' "EUR converted at the default rate"

rt list --status planned
expect_rc 0
expect_out "id  status  title  area  tags  accounts  asks  value_USD  effort  target  close"

# Global options work after the subcommand too.
rt list --format tsv --area security --db "$REQTRIAGE_DB"
expect_rc 0
expect_out_has $'1\tnew\tSSO with Okta'

rt show 1
expect_rc 0
expect_out "#1 SSO with Okta  [new]
area: security   tags: auth, sso   effort: needs an estimate (default 3)
logged 2026-11-27T10:00:00Z   updated 2026-11-27T10:00:00Z

Asks: 2 from 1 account in 2 deals (1 counts: account_policy max); value USD 120,000, pipeline USD 48,000; soonest close 2026-12-31
ask  account  deal    value  currency  stage     importance  close       by    source  note                           logged
  1  Acme           120,000  USD       proposal              2026-12-31  dana          They said: we need Okta by Q1  2026-11-27T10:00:00Z
  3  Acme            20,000  USD       lead                                    call                                   2026-11-27T10:00:00Z

History
2026-11-27T10:00:00Z  tester  created title: SSO with Okta
2026-11-27T10:00:00Z  tester  ask-added ask: #1 Acme, USD 120,000, proposal, closes 2026-12-31
2026-11-27T10:00:00Z  tester  ask-added ask: #3 Acme, USD 20,000, lead"

rt show '#1' --format json
expect_rc 0
expect_true '[ "$(jq -r ".asks | length" <<<"$OUT")" = 2 ]'
expect_true '[ "$(jq -r ".asks[0].note" <<<"$OUT")" = "They said: we need Okta by Q1" ]' "the verbatim note is kept"
expect_true '[ "$(jq -r ".asks[0].amount" <<<"$OUT")" = 120000 ]'
expect_true '[ "$(jq -r ".totals.pipeline" <<<"$OUT")" = 48000 ]' "Acme counts by its larger deal (account_policy max)"
expect_true '[ "$(jq -r ".history | length" <<<"$OUT")" = 3 ]'

rt show 2 --format csv
expect_rc 0
expect_out_has $'"title","Dark mode"'
expect_out_has $'"value","54000"'

rt show 2 --format tsv
expect_out_has $'effort\t2'

# The database holds what was logged.
expect_true '[ "$(sql "SELECT count(*) FROM asks")" = 3 ]' "three asks stored"
expect_true '[ "$(sql "SELECT value_cents || currency FROM asks WHERE id = 2")" = 5000000EUR ]' "EUR 50k stored exactly"

finish
