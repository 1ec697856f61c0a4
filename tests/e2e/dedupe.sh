#!/usr/bin/env bash
# dedupe --list / --auto / --interactive, merge, unmerge, not-duplicate, and
# the look-alike warning of log.
source "$(dirname "$0")/lib.sh"

rt log "SSO with Okta" --account Acme --value 100k --tag sso --quiet
rt log "single sign-on via okta" --account Globex --value 50k --tag auth
expect_rc 0
expect_err "reqtriage: warning: looks like #1 'SSO with Okta' (1.00); add it there with --to 1
Logged #2 'single sign-on via okta' with ask #2."
rt log "SSO - okta" --account Acme --value 20k --quiet
expect_err "reqtriage: warning: looks like #1 'SSO with Okta' (1.00); add it there with --to 1
reqtriage: warning: looks like #2 'single sign-on via okta' (1.00); add it there with --to 2"
rt log "Export to CSV" --account Hooli --value 5k --quiet
rt log "CSV export of reports" --account Initech --value 7k --quiet
expect_err_has "looks like #4 'Export to CSV'"
rt log "Dark mode" --quiet
expect_err ""

rt dedupe --format tsv
expect_rc 0
expect_out $'id\tother\tsimilarity\ttitle\tother_title
1\t2\t1.000\tSSO with Okta\tsingle sign-on via okta
1\t3\t1.000\tSSO with Okta\tSSO - okta
2\t3\t1.000\tsingle sign-on via okta\tSSO - okta
4\t5\t0.722\tExport to CSV\tCSV export of reports'

rt dedupe --list --format json --min-similarity 0.9
expect_true '[ "$(jq length <<<"$OUT")" = 3 ]' "--min-similarity"

# Not duplicates: never suggested again.
rt not-duplicate 5 4
expect_rc 0
rt dedupe --list --format tsv
expect_true '[[ "$OUT" != *"Export to CSV"* ]]' "a judged pair is not suggested"

# --auto --dry-run shows, writes nothing.
before=$(db_state)
rt dedupe --auto --dry-run --format tsv
expect_rc 0
expect_out $'into\tmerged\tsimilarity\tinto_title\tmerged_title
1\t2\t1.000\tSSO with Okta\tsingle sign-on via okta
1\t3\t1.000\tSSO with Okta\tSSO - okta'
expect_true '[ "$(db_state)" = "$before" ]' "a dry run writes nothing"

rt dedupe --auto --quiet
expect_rc 0
rt show 1 --format json
expect_true '[ "$(jq .totals.asks <<<"$OUT")" = 3 ]' "the survivor holds every ask"
expect_true '[ "$(jq -c .tags <<<"$OUT")" = "[\"auth\",\"sso\"]" ]' "tags are united"
expect_true '[ "$(jq .totals.value <<<"$OUT")" = 150000 ]' "Acme counts by its larger deal"
rt score --format json --explain 1
expect_true '[ "$(jq .quantities.value <<<"$OUT")" = 150000 ]' "score counts Acme once after the merge"
rt list --format tsv
expect_true '[[ "$OUT" != *"single sign-on"* ]]' "merged requests leave the list"
rt list --all --format tsv
expect_out_has $'2\tmerged\tsingle sign-on via okta'

# A merged request refuses asks and names its survivor.
rt log --to 2 --account Zed --value 1k
expect_rc 3
expect_err "reqtriage: error: --to: request #2 was merged into #1; add the ask there with --to 1"

# unmerge restores it exactly.
rt unmerge 2
expect_rc 0
rt show 2 --format json
expect_true '[ "$(jq -r .status <<<"$OUT")" = new ] && [ "$(jq .totals.asks <<<"$OUT")" = 1 ]' "unmerged"
rt show 1 --format json
expect_true '[ "$(jq -c .tags <<<"$OUT")" = "[\"sso\"]" ]' "the merge's tags are taken back"

# merge by hand, and its errors.
rt merge 2 --into 1 --force --quiet
expect_rc 0
before=$(db_state)
rt merge 2 --into 1
expect_rc 3
expect_err "reqtriage: error: ID: request #2 is already merged into #1"
rt merge 4 --into 2
expect_rc 3
expect_err "reqtriage: error: --into: request #2 is itself merged into #1; merge into #1"
rt merge 4 --into 99
expect_rc 4
rt unmerge 4
expect_rc 3
expect_err "reqtriage: error: ID: request #4 is not merged (it is new)"
rt not-duplicate 4
expect_rc 2
expect_true '[ "$(db_state)" = "$before" ]' "failed merges change nothing"
rt history 2 --format tsv
expect_out_has $'merged\tmerged_into\t\t#1'
expect_out_has $'unmerged\tmerged_into\t#1\t'

# The review, scripted: merge the first group into its second member, quit.
rt log "Bulk edit in the grid" --quiet
rt log "Bulk edit in grids" --quiet
rt_stdin $'2\nq\n' dedupe --interactive
expect_rc 0
expect_out_has "Group 1 of 1"
expect_out_has "[2] #8 Bulk edit in grids"
expect_out_has "Merged into #8."
rt show 7 --format json
expect_true '[ "$(jq .merged_into <<<"$OUT")" = 8 ]' "merged into the chosen survivor"

# The lexicon after splitting and stemming: five wordings of one need meet.
rt log "2FA for all users" --account Acme --quiet
rt log "Two-factor authentication for all users" --account Globex
expect_err_has "looks like"
expect_err_has "'2FA for all users'"
rt log "Enforce MFA for every user" --account Hooli --new --quiet 2>/dev/null
rt log "Data residency in the EU" --account Acme --quiet
rt log "Host our data in Europe" --account Initech --quiet 2>/dev/null
rt dedupe --list --format tsv
expect_out_has "2FA for all users"$'\t'"Two-factor authentication for all users"
expect_out_has "Data residency in the EU"$'\t'"Host our data in Europe"
# --explain shows why: the shared canonical word, from the title.
twofa=$(sql "SELECT id FROM requests WHERE title = '2FA for all users'")
mfa=$(sql "SELECT id FROM requests WHERE title = 'Enforce MFA for every user'")
rt dedupe --explain "$twofa" "#$mfa"
expect_rc 0
expect_out_has "'2FA for all users' and #$mfa 'Enforce MFA for every user'"
expect_out_has "x words cosine"
rt dedupe --explain "$twofa" "$mfa" --format json
expect_true '[ "$(jq -c "[.words[] | select(.shared) | .word]" <<<"$OUT")" = "[\"mfa\",\"user\"]" ] || [ "$(jq -c "[.words[] | select(.shared) | .word]" <<<"$OUT")" = "[\"user\",\"mfa\"]" ]' "the shared words, mfa from 2FA and MFA"
expect_true '[ "$(jq -r ".words[] | select(.word == \"mfa\") | .part_a" <<<"$OUT")" = title ]' "and where each comes from"
rt dedupe --explain "$twofa" "$twofa"
expect_rc 3
rt dedupe --explain "$twofa" 999
expect_rc 4
rt dedupe --explain "$twofa" --list
expect_rc 2
# --auto reaches a fixed point: a second run merges nothing more.
rt dedupe --auto --format tsv
rt dedupe --auto --format tsv
expect_true '[ "$(tail -n +2 <<<"$OUT" | wc -l)" = 0 ]' "a second --auto merges nothing more"

finish
