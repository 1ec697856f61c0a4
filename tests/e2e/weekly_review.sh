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
expect_err_has "30 requests in 25 groups merged."
expect_err_has "303 new asks"
expect_out_has "rank  id"
for file in review.md review.html accounts.md ranking.csv ranking.xlsx ranking.md ranking.json asks.csv accounts.csv history.tsv requests.db; do
  expect_true "[ -s '$WORK/out/$file' ]" "the review writes $file"
done
expect_true '[ "$(head -c 3 "$WORK/out/ranking.csv" | od -An -tx1 | tr -d " ")" = efbbbf ]' "the spreadsheet CSV is Excel-flavoured"
expect_true 'grep -q "^| rank | id | title" "$WORK/out/ranking.md"' "a Markdown table for the notes"
expect_true '[ "$(jq ".[0].rank" "$WORK/out/ranking.json")" = 1 ]' "every score explained in JSON"
expect_true 'grep -q "Low value for the effort" "$WORK/out/history.tsv"' "the decline's reason is in the history"
expect_true 'grep -q "^# Weekly review" "$WORK/out/review.md"' "the weekly digest"
expect_true 'grep -q "Meanwhile: Turn on" "$WORK/out/accounts.md"' "account briefs carry the sentence for the customer, with the workaround"
finish
