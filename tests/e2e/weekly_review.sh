#!/usr/bin/env bash
# The main job: examples/weekly-review.sh over the sample data.
source "$(dirname "$0")/lib.sh"
examples="$(dirname "$0")/../../examples"

bash "$examples/weekly-review.sh" "$REQTRIAGE" "$WORK/out" >"$WORK/review.out" 2>"$WORK/review.err"
RC=$?
OUT=$(cat "$WORK/review.out")
ERR=$(cat "$WORK/review.err")
expect_rc 0
expect_err_has "Imported"
expect_err_has "32 requests in 23 groups merged."
expect_err_has "303 new asks"
expect_out_has "rank  id"
for file in review.md review.html accounts.md reps.md ranking.csv ranking.xlsx ranking.md ranking.json asks.csv accounts.csv history.tsv requests.db; do
  expect_true "[ -s '$WORK/out/$file' ]" "the review writes $file"
done
expect_true '[ "$(head -c 3 "$WORK/out/ranking.csv" | od -An -tx1 | tr -d " ")" = efbbbf ]' "the spreadsheet CSV is Excel-flavoured"
expect_true 'grep -q "^| rank | id | title" "$WORK/out/ranking.md"' "a Markdown table for the notes"
expect_true '[ "$(jq ".[0].rank" "$WORK/out/ranking.json")" = 1 ]' "every score explained in JSON"
expect_true 'grep -q "Low value for the effort" "$WORK/out/history.tsv"' "the decline's reason is in the history"
expect_true 'grep -q "^# Weekly review" "$WORK/out/review.md"' "the weekly digest"
expect_true 'grep -q "Meanwhile: Turn on" "$WORK/out/accounts.md"' "account briefs carry the sentence for the customer, with the workaround"
# The loop: the tracker export ships the audit trail and moves SSO.
expect_err_has "(PLAT-101): status planned -> shipped; target 2026-Q4 -> 4.2"
expect_err_has "(PLAT-117): status planned -> in-progress; target 2027-Q2 -> 2027-Q1"
expect_true 'grep -q "Good news: \"[^\"]*\" is live in release 4.2. Release notes: PLAT-101." "$WORK/out/reps.md"' "the rep's report has the shipped sentence from the config's [messages]"
expect_true 'grep -q "new → shipped; target 4.2; links PLAT-101 |" "$WORK/out/reps.md"' "what changed this week, summed up"
expect_true 'sed -n "/^## Asks on declined or shipped/,/^## /p" "$WORK/out/review.md" | grep -q "| Hooli | declined | Low value"' "the new ask on the declined request is in the review with the answer"
expect_true 'sed -n "/^## Sam Ortiz/,/^## /p" "$WORK/out/reps.md" | grep -q "| Hooli | .* | We will not build"' "the rep's report gives Sam the answer for Hooli"
finish
