#!/usr/bin/env bash
# import: header matching, maps, dialects, validation, idempotence, dry run;
# export: formats, neutralisation, atomic output, and a round trip.
source "$(dirname "$0")/lib.sh"

cat >"$WORK/config.toml" <<'TOML'
[import.maps.salesforce]
title = "Feature Request"
account = "Account Name"
value = "Amount"
stage = "Stage"
close = "Close Date"
rep = "Opportunity Owner"
id = "Opportunity ID"
dates = "us"
[import.maps.salesforce.stages]
"Prospecting" = "lead"
"Closed Won" = "closed_won"
[import.maps.euro]
title = "Titel"
account = "Kunde"
value = "Betrag"
close = "Abschluss"
decimal = "comma"
dates = "eu"
TOML
export REQTRIAGE_CONFIG="$WORK/config.toml"

# Headers matched by name; a byte-order mark, CRLF, quoted commas and line breaks.
printf '\xEF\xBB\xBFTitle,Account,Amount,Stage,Close Date,Notes\r\nSSO with Okta,Acme,120k,proposal,2026-12-31,"We need it, badly"\r\n"sso with OKTA!",Globex,"$80,000",negotiation,2027-01-15,"two\nlines"\r\nDark mode,Hooli,5k,lead,,\r\n' >"$WORK/plain.csv"
rt import "$WORK/plain.csv" --format tsv
expect_rc 0
expect_out $'new_requests\tnew_asks\tattached\tupdated\tunchanged\tinvalid\tdeleted\ton_decided\n2\t3\t1\t0\t0\t0\t0\t0'
expect_err "Imported $WORK/plain.csv: 3 new asks (1 on existing requests), 2 new requests, 0 updated, 0 unchanged."
expect_true '[ "$(sql "SELECT count(*) FROM asks WHERE request_id = 1")" = 2 ]' "same normalized title, same request"
expect_true '[ "$(sql "SELECT note FROM asks WHERE id = 2")" = "two
lines" ]' "a quoted line break survives"

# Importing it again adds nothing.
before=$(db_state)
rt import "$WORK/plain.csv" --format json
expect_rc 0
expect_true '[ "$(jq .unchanged <<<"$OUT")" = 3 ] && [ "$(jq .new_asks <<<"$OUT")" = 0 ]' "re-import is unchanged"
expect_true '[ "$(sql "SELECT count(*) FROM asks")" = 3 ]' "no duplicate asks"

# A Salesforce report: mapped columns, US dates, stage names, ids.
cat >"$WORK/sf.csv" <<'CSV'
Opportunity ID,Feature Request,Account Name,Amount,Stage,Close Date,Opportunity Owner
006A,Audit log export,Umbrella,"$210,000.50",Prospecting,12/20/2026,priya
006B,SSO with Okta,Initech,45000,Closed Won,1/5/2027,marco
CSV
rt import "$WORK/sf.csv" --map salesforce --quiet
expect_rc 0
expect_true '[ "$(sql "SELECT value_cents || stage || close_date FROM asks WHERE import_key = '"'"'id:006A'"'"'")" = 21000050lead2026-12-20 ]' "mapped stage, US date, cents"
expect_true '[ "$(sql "SELECT request_id FROM asks WHERE import_key = '"'"'id:006B'"'"'")" = 1 ]' "attached to the open request"

# The deal moved: the ask is updated in place and the change recorded.
sed -i 's/Prospecting,12\/20\/2026/Closed Won,12\/22\/2026/' "$WORK/sf.csv"
rt import "$WORK/sf.csv" --map salesforce --format csv
expect_out $'"new_requests","new_asks","attached","updated","unchanged","invalid","deleted","on_decided"\n"0","0","0","1","1","0","0","0"'
rt history --format tsv
expect_out_has $'ask-changed\task #4 stage\tlead\tclosed_won'
expect_out_has $'ask-changed\task #4 close_date\t2026-12-20\t2026-12-22'

# European Excel: semicolons, decimal commas, day-first dates; and TSV on stdin.
printf 'Titel;Kunde;Betrag;Abschluss\nOffline mode;Vandelay;"1.200,50 €";31.12.2026\n' >"$WORK/euro.csv"
rt import "$WORK/euro.csv" --map euro --quiet
expect_rc 0
expect_true '[ "$(sql "SELECT value_cents || currency || close_date FROM asks WHERE close_date = '"'"'2026-12-31'"'"' AND value_cents = 120050")" = 120050EUR2026-12-31 ]' "1.200,50 € is EUR 1200.50"
rt_stdin $'title\taccount\tvalue\nBulk edit\tStark\t95k\n' import - --quiet
expect_rc 0
expect_true '[ "$(sql "SELECT count(*) FROM requests WHERE title = '"'"'Bulk edit'"'"'")" = 1 ]' "TSV from standard input"

# Bad rows: every one reported, nothing written, exit 3.
cat >"$WORK/bad.csv" <<'CSV'
title,account,value,stage,close
Fine row,Acme,10k,lead,2027-01-01
Bad amount,Acme,12x,lead,
Bad stage,Acme,5k,pitch,
Bad date,Acme,5k,lead,2026-02-30
,Acme,5k,lead,
Short,row
CSV
before=$(db_state)
rt import "$WORK/bad.csv"
expect_rc 3
expect_err "$WORK/bad.csv: row 3, column \"value\": invalid amount '12x': expected a number such as 120000, 120,000, 120k, 1.2M, \$120k or EUR 50k
$WORK/bad.csv: row 4, column \"stage\": unknown stage 'pitch': expected one of closed_lost, lead, qualified, proposal, negotiation, commit, closed_won
$WORK/bad.csv: row 5, column \"close\": invalid date '2026-02-30': no such day on the calendar
$WORK/bad.csv: row 6, column \"title\": the title is empty
$WORK/bad.csv: row 7: 2 fields, but the header has 5
reqtriage: error: $WORK/bad.csv: 5 of 6 rows are invalid; nothing was written (fix them, or import the rest with --skip-invalid)"
expect_true '[ "$(db_state)" = "$before" ]' "nothing written on invalid rows"

rt import "$WORK/bad.csv" --skip-invalid --dry-run --format json
expect_rc 0
expect_true '[ "$(jq .new_asks <<<"$OUT")" = 1 ] && [ "$(jq .invalid <<<"$OUT")" = 5 ]' "dry run counts"
expect_true '[ "$(db_state)" = "$before" ]' "a dry run writes nothing"
rt import "$WORK/bad.csv" --skip-invalid --quiet
expect_rc 0
expect_true '[ "$(sql "SELECT count(*) FROM requests WHERE title = '"'"'Fine row'"'"'")" = 1 ]' "--skip-invalid keeps the good rows"

# Files that cannot be read as a table.
before=$(db_state)
printf 'title,account\n"never closed,Acme\n' >"$WORK/open.csv"
rt import "$WORK/open.csv"
expect_rc 3
expect_err "reqtriage: error: $WORK/open.csv: row 2: a quoted field is never closed"
printf 'name,amount\nx,5\n' >"$WORK/notitle.csv"
rt import "$WORK/notitle.csv"
expect_rc 3
expect_err_has 'no column holds the title'
rt import "$WORK/sf.csv" --map hubspot
expect_rc 2
expect_err "reqtriage: error: --map: no import map 'hubspot'; known: euro, salesforce"
rt import "$WORK/plain.csv" --map salesforce
expect_rc 3
expect_err_has "the map 'salesforce' takes account from column \"Account Name\", which the header lacks"
rt import "$WORK/missing.csv"
expect_rc 1
expect_err "reqtriage: error: cannot read $WORK/missing.csv: No such file or directory"
expect_true '[ "$(db_state)" = "$before" ]' "failed imports write nothing"

# Export: CSV by default, in score order, formulas neutralised.
rt log "=cmd|' /C calc'!A0" --account "@evil" --value 1 --quiet
rt export --columns rank,id,title,value_USD
expect_rc 0
# Audit log export's only deal is won: a commitment, not open value.
expect_out_has $'"rank","id","title","value_USD"\n"1","1","SSO with Okta","200000"\n"2","5","Bulk edit","95000"'
expect_out_has "\"'=cmd|' /C calc'!A0\""
rt export --columns title --raw --status new --tag nothing
expect_out '"title"'
rt export --what accounts --columns account --raw
expect_out_has '"@evil"'
rt export --what asks --format jsonl --columns ask_id,account,value
expect_true '[ "$(head -1 <<<"$OUT")" = "{\"id\":1,\"account\":\"Acme\",\"amount\":120000}" ]' "JSON Lines: an ask's id and own amount"
rt export --format md --columns id,title --status planned
expect_out $'| id | title |\n| ---: | --- |'
rt export --what accounts --format json
expect_true '[ "$(jq -r ".[] | select(.account == \"Acme\") | .statuses" <<<"$OUT")" = "new:2" ]' "accounts with statuses"

# --output: whole or nothing, Excel flavour on request.
rt export --output "$WORK/ranking.csv" --excel
expect_rc 0
expect_true '[ "$(head -c 3 "$WORK/ranking.csv" | od -An -tx1 | tr -d " ")" = efbbbf ]' "byte-order mark"
expect_true 'grep -q $'"'"'\r$'"'"' "$WORK/ranking.csv"' "CRLF line ends"
expect_true '[ -z "$(ls "$WORK" | grep "ranking.csv.")" ]' "no temporary file left"
rt export --output "$WORK/no/such/folder/x.csv"
expect_rc 7
expect_err_has "cannot write $WORK/no/such/folder/x.csv"
rt export --output /dev/full
expect_rc 7
rt export --what nothing
expect_rc 2

# Round trip: export asks, import them into an empty store, export again.
rt export --what asks --output "$WORK/asks.csv"
REQTRIAGE_DB="$WORK/copy.db" rt import "$WORK/asks.csv" --quiet
expect_rc 0
REQTRIAGE_DB="$WORK/copy.db" rt export --what asks --output "$WORK/asks-again.csv"
expect_true 'cut -d, -f3,5- "$WORK/asks.csv" | diff - <(cut -d, -f3,5- "$WORK/asks-again.csv") >&2' "the round trip keeps every ask"

finish
