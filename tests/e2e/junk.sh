#!/usr/bin/env bash
# Junk can leave: `delete` takes a request and its asks out of every ranking,
# report and export, keeping it for `restore`; --as-of sees each day as it was.
source "$(dirname "$0")/lib.sh"
ids_in() { jq -c '[.[].id] | sort' <<<"$OUT"; }
acme_value() { rt accounts --format json; jq '.[] | select(.name == "Acme") | .value' <<<"$OUT"; }

export REQTRIAGE_NOW="2026-11-01T10:00:00Z"
rt log "Single sign-on" --account Acme --value 10k --quiet
rt log "test - ignore" --account Acme --value 1k --effort 1 --new --quiet
rt log "Audit log" --account Globex --value 5k --quiet

export REQTRIAGE_NOW="2026-11-02T10:00:00Z"
rt delete 2 --reason "test entry"
expect_rc 0
expect_err_has "Deleted #2"
expect_err_has "#2 'test - ignore'"  # what changed for customers: it left the ranking
for view in list score export; do
  rt "$view" --format json
  expect_true '[ "$(ids_in)" = "[1,3]" ]' "$view leaves the deleted request out"
done
rt score --matrix --format json
expect_true '[[ "$OUT" != *"test - ignore"* ]]' "so does the matrix"
rt report review
expect_true '[[ "$OUT" != *"test - ignore"* ]]' "and the review"
expect_true '[ "$(acme_value)" = 10000 ]' "Acme's figures leave its ask out"
rt show 2
expect_rc 0
expect_out_has "deleted 2026-11-02: test entry"

# A deleted request takes nothing new; each refusal names the way back.
before=$(db_state)
rt log --to 2 --account Acme --value 1k
expect_rc 3
expect_err_has "request #2 was deleted on 2026-11-02 ('test entry'); bring it back first with \`reqtriage restore 2\`"
rt merge 2 --into 1 --force
expect_rc 3
rt delete 2 --reason again
expect_rc 3
expect_err_has "already deleted"
rt log "test - ignore" --account Globex --value 1k
expect_rc 0  # a new request: the deleted title matches nothing
expect_true '[ "$(sql "SELECT count(*) FROM requests")" = 4 ]' "the deleted title is not matched"
before=$(db_state)
rt delete 99 --reason x
expect_rc 4
rt delete 1
expect_rc 2
expect_true '[ "$(db_state)" = "$before" ]' "refusals change nothing"

export REQTRIAGE_NOW="2026-11-03T10:00:00Z"
rt restore 2
expect_rc 0
expect_err_has "Restored #2."
rt list --format json
expect_true '[ "$(ids_in)" = "[1,2,3,4]" ]' "restore brings it back"
expect_true '[ "$(acme_value)" = 11000 ]' "with its ask"
rt restore 2
expect_rc 3

# --as-of: each day as it was.
rt score --as-of 2026-11-01 --format json
expect_true '[ "$(ids_in)" = "[1,2,3]" ]' "before the deletion it ranked"
rt score --as-of 2026-11-02 --format json
expect_true '[ "$(ids_in)" = "[1,3,4]" ]' "the day it was deleted it did not"
rt history 2
expect_out_has "deleted"
expect_out_has "restored"
rt doctor
expect_rc 0
finish
