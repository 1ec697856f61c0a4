#!/usr/bin/env bash
# What dedupe learns from the PM's decisions: a merge teaches that the words
# told apart by the two titles mean the same, a not-duplicate judgement that
# they tell requests apart; --explain says so; an unmerge unlearns.
source "$(dirname "$0")/lib.sh"

for title in "Gantt chart for project portfolios" "Roadmap timeline for project portfolios" "Gantt chart for sprints" \
             "Timeline for sprints" "Export invoices to PDF" "Export invoices to Excel" \
             "Export payroll to PDF" "Export payroll to Excel"; do
  rt log "$title" --account Acme --value 1k --quiet 2>/dev/null
done
for i in $(seq 1 12); do rt log "Unrelated request $i about zorb$i" --account Globex --value 1k --quiet 2>/dev/null; done
id_of() { sql "SELECT id FROM requests WHERE title = '$1'"; }
pair_listed() { grep -q "^$1"$'\t'"$2"$'\t' <<<"$OUT"; }

rt dedupe --list --format tsv
expect_true '! pair_listed 3 4' "before any decision, 'Gantt chart' and 'Timeline' are not alike"
expect_true 'pair_listed 7 8' "and the payroll exports to PDF and to Excel are"

# The PM merges the roadmap timeline into the Gantt chart...
rt merge 2 --into 1 --force --quiet
expect_rc 0
rt dedupe --list --format tsv
expect_true 'pair_listed 3 4' "a merge teaches: Gantt chart for sprints ~ Timeline for sprints"
rt dedupe --explain 3 4
expect_out_has "stands for"
expect_out_has "(learned from merges)"
expect_out_has "alike: dedupe suggests them"

# ...and judges the invoice exports to PDF and to Excel different needs.
rt not-duplicate 5 6 --quiet
rt dedupe --list --format tsv
expect_true '! pair_listed 7 8' "a not-duplicate judgement teaches: PDF and Excel tell the payroll exports apart"
expect_true '! pair_listed 5 6' "and the judged pair is never suggested again"
rt dedupe --explain 7 8 --format json
expect_rc 0
expect_true '[ "$(jq -r ".learned[0]" <<<"$OUT")" = "'"'pdf' and 'xlsx' tell them apart (learned from a not-duplicate judgement): similarity x 0.5"'" ]' "--explain names the learned difference"
expect_true '[ "$(jq -r ".verdict" <<<"$OUT")" = "below the threshold: not suggested" ]' "and the verdict follows"

# The warning of log learns too.
rt log "Timeline for releases" --account Acme --value 1k --quiet
rt log "Gantt chart for releases" --account Acme --value 1k
expect_err_has "looks like #21 'Timeline for releases'"

# 31.13: one careless merge of titles not otherwise alike teaches nothing,
# so dedupe --auto never merges unrelated pairs on its strength.
rt log "Import invoices from Excel" --account Acme --value 1k --new --quiet
rt merge "$(id_of "Export invoices to PDF")" --into "$(sql "SELECT max(id) FROM requests")" --force --quiet
rt log "Export users to PDF" --account Acme --value 1k --new --quiet
rt log "Import users from Excel" --account Acme --value 1k --new --quiet
rt dedupe --explain "$(sql "SELECT max(id) - 1 FROM requests")" "$(sql "SELECT max(id) FROM requests")"
expect_true '[[ "$OUT" != *"stands for"* ]]' "the careless merge taught nothing"
rt dedupe --auto --dry-run
expect_true '[[ "$OUT" != *"users"* ]]' "dedupe --auto merges nothing on its strength"

# An unmerge unlearns.
rt unmerge 2 --quiet
rt dedupe --list --format tsv
expect_true '! pair_listed 3 4' "after the unmerge, Gantt chart and Timeline are apart again"

finish
