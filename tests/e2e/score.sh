#!/usr/bin/env bash
# score: the ranking in every format, --explain, --profile, --top, --what-if.
source "$(dirname "$0")/lib.sh"

cat >"$WORK/config.toml" <<'TOML'
[scoring]
concentration_flag = 0.7
[profiles]
per-account = "value / accounts"
[[rules]]
name = "Compliance"
tag = "compliance"
multiply = 2
TOML
export REQTRIAGE_CONFIG="$WORK/config.toml"

rt log "SSO" --account Acme --value 100k --stage proposal --close 2026-12-27 --effort 4 --tag sso
rt log --to 1 --account Globex --value 20k --stage negotiation
rt log "Audit log" --account Initech --value 50k --stage commit --tag compliance --effort 2
rt log "Dark mode" --account Hooli --value 10k --stage lead
rt log "Declined thing" --account Acme --value 1M --stage commit --effort 1
rt set 4 --status declined --reason "Out of scope"

rt score
expect_rc 0
expect_out_has "   1   2"
expect_out_has "one-customer-83%"
expect_out_has "needs-estimate"
expect_true '[[ "$OUT" != *"Declined thing"* ]]' "declined requests are not ranked"

rt score --format csv
expect_out $'"rank","id","score","title","status","accounts","value_USD","pipeline_USD","effort","flags"
"1","2","40000.00","Audit log","new","1","50000","40000","2",""
"2","1","13000.00","SSO","new","2","120000","52000","4","one-customer-83%"
"3","3","166.67","Dark mode","new","1","10000","500","3","needs-estimate"'

rt score --format tsv --top 1
expect_out $'rank\tid\tscore\ttitle\tstatus\taccounts\tvalue_USD\tpipeline_USD\teffort\tflags
1\t2\t40000.00\tAudit log\tnew\t1\t50000\t40000\t2\t'

rt score --format json
expect_rc 0
expect_true '[ "$(jq length <<<"$OUT")" = 3 ]'
expect_true '[ "$(jq -r ".[0].rules[0].name" <<<"$OUT")" = Compliance ]' "the rule that fired"
expect_true '[ "$(jq -r ".[0].base" <<<"$OUT")" = 20000 ]'
expect_true '[ "$(jq -r ".[1].quantities.days_to_close" <<<"$OUT")" = 30 ]'
expect_true '[ "$(jq -r ".[2].quantities.needs_estimate" <<<"$OUT")" = true ]'
# The breakdown reproduces each score: base, then each rule's multiply and add.
expect_true '[ "$(jq "[.[] | (reduce .rules[] as \$r (.base; . * \$r.multiply + \$r.add)) == .score] | all" <<<"$OUT")" = true ]' "explained parts reproduce the scores"

rt score --explain 2
expect_rc 0
expect_out_has "#2 Audit log  [new]  rank 1 of 3"
expect_out_has "  pipeline * importance / effort
  = 40000 * 1 / 2
  = 20000"
expect_out_has "Compliance (when tag = compliance): 20000 -> x 2 -> 40000"
expect_out_has "score 40,000.00"

rt score --explain 4
expect_rc 0
expect_out_has "not ranked: status declined is not in [scoring] statuses"

rt score --explain --top 1 --format tsv
expect_out_has $'pipeline * importance / effort = 40000 * 1 / 2 = 20000; Compliance: x 2 -> 40000'

rt score --profile per-account --format csv --top 1
expect_out_has $'"1","2","100000.00","Audit log"'

rt score --profile rice --format json --top 1
expect_true '[ "$(jq -r ".[0].formula" <<<"$OUT")" = "accounts * log10(1 + value) * confidence / effort" ]'

# The quadrant chart: the most valuable, cheapest request is a quick win.
rt score --matrix
expect_rc 0
expect_out_has "QUICK WINS"
expect_out_has "MONEY PITS"
expect_out_has "3 requests, placed by their order of value and of effort."
expect_true '[ "$(grep -n "#1 " <<<"$OUT" | head -1 | cut -d: -f1)" -lt "$(grep -n "#3" <<<"$OUT" | head -1 | cut -d: -f1)" ]' "more value sits higher"

# What if the default profile weighed all value, not the pipeline?
printf '[profiles]\ndefault = "value / effort"\n' >"$WORK/plain.toml"
rt score --what-if "$WORK/plain.toml" --format tsv
expect_out $'what_if_rank\trank\tmove\tid\ttitle\tscore\twhat_if_score
1\t2\tup 1\t1\tSSO\t13000.00\t30000.00
2\t1\tdown 1\t2\tAudit log\t40000.00\t25000.00
3\t3\tsame\t3\tDark mode\t166.67\t3333.33'

# Errors.
before=$(db_state)
rt score --profile fastest
expect_rc 2
expect_err "reqtriage: error: --profile: no profile 'fastest'; known: default, per-account, rice, wsjf"
rt score --top 0
expect_rc 3
expect_err_has "--top: invalid count '0'"
rt score --explain 99
expect_rc 4
expect_err "reqtriage: error: no request #99"
printf '[profiles]\nbad = "value / (effort"\n' >"$WORK/bad.toml"
rt score --what-if "$WORK/bad.toml"
expect_rc 5
expect_err "reqtriage: error: $WORK/bad.toml:2:23: profiles.bad: missing ')' (column 16 of the formula)"
expect_true '[ "$(db_state)" = "$before" ]' "score writes nothing"

finish
