#!/usr/bin/env bash
# Corrections that cannot corrupt the money: every path that puts an ask in
# a deal agrees with the deal or changes it explicitly, saying so, or
# refuses with the command that would; account merges and renames resolve
# names as the user sees them. The database is checked after each refusal.
source "$(dirname "$0")/lib.sh"
export REQTRIAGE_NOW="2026-11-02T10:00:00Z"
value_of() { rt show "$1" --format json; jq .totals.value <<<"$OUT"; }
account_value() { rt accounts --format json; jq --arg a "$1" '.[] | select(.name == $a) | .value' <<<"$OUT"; }

# 1. ask --deal joining a deal takes the deal's amount; it never replaces it.
rt log SSO --account Acme --value 100k --stage proposal --deal OPP-1 --quiet
rt log 'Audit log' --account Acme --deal OPP-1 --quiet
rt log Webhooks --account Acme --value 5k --stage lead --quiet
rt ask 3 --deal OPP-1
expect_rc 0
expect_err_has "value: 'USD 5,000' -> 'USD 100,000'"
expect_true '[ "$(value_of 1)" = 100000 ] && [ "$(value_of 2)" = 100000 ] && [ "$(value_of 3)" = 100000 ]' \
  "OPP-1 is USD 100,000 on all three requests"
expect_true '[ "$(account_value Acme)" = 100000 ]' "Acme has one deal of USD 100,000"

# 2. An ask restored after its deal was corrected comes back as the deal is:
#    a deleted ask follows its deal too, and the correction says so.
rt ask 2 --delete --reason "logged twice" --quiet
rt ask 1 --value 50k
expect_err_has "ask #2 value: 'USD 100,000' -> 'USD 50,000'"
rt ask 2 --restore
expect_rc 0
expect_true '[ "$(value_of 1)" = 50000 ] && [ "$(value_of 2)" = 50000 ]' "both requests show the corrected deal"
expect_true '[ "$(account_value Acme)" = 50000 ]' "Acme's total is the corrected deal"

# 3. log --to with another amount, stage or currency for a known deal is refused.
before=$(db_state)
for change in "--value 200k" "--stage closed_won" "--value 50k --currency EUR"; do
  # shellcheck disable=SC2086
  rt log --to 3 --account Acme --deal OPP-1 $change
  expect_rc 3
  expect_err_has "deal OPP-1 of Acme is"
  expect_err_has "reqtriage ask"
done
expect_true '[ "$(db_state)" = "$before" ]' "the refused asks change nothing"

# 4. An ask moved into another account that has a deal of the same key joins
#    that deal: the account shows one amount, as its request does.
rt log Reports --account Globex --value 20k --stage proposal --deal G-7 --quiet
rt log Exports --account Initech --value 900k --stage proposal --deal G-7 --quiet
rt ask 5 --account Globex
expect_rc 0
expect_true '[ "$(account_value Globex)" = 20000 ] && [ "$(value_of 4)" = 20000 ] && [ "$(value_of 5)" = 20000 ]' \
  "Globex's G-7 stays USD 20,000 everywhere"

# 5. An account merge never fuses two customers' deals that share a key.
rt log Dashboards --account Umbrella --value 120k --stage proposal --deal OPP-1 --quiet
before=$(db_state)
rt account merge Umbrella --into Acme
expect_rc 3
expect_err_has "'Umbrella' and 'Acme' each have a deal 'OPP-1'"
expect_true '[ "$(db_state)" = "$before" ]' "the refused merge changes nothing"

# 7. A name merged away stands for its survivor: merging it again is refused
#    instead of merging the survivor (a different customer).
rt log Alerts --account Hooli --value 10k --quiet
rt log Alerts2 --account Soylent --value 10k --new --quiet
rt account merge Hooli --into Soylent --quiet
before=$(db_state)
rt account merge Hooli --into Acme
expect_rc 3
expect_err_has "'Hooli' was merged into 'Soylent' already"
expect_true '[ "$(db_state)" = "$before" ]' "Soylent is not merged into Acme"

# 11. Legal suffixes never leave an article or a suffix alone.
rt log Ledger --account "The Limited" --value 1k --new-account --quiet
rt log Ledger2 --account "The Company" --value 2k --new-account --new --quiet
rt accounts --format json
expect_true '[ "$(jq "[.[] | select(.name == \"The Limited\" or .name == \"The Company\")] | length" <<<"$OUT")" = 2 ]' \
  "'The Limited' and 'The Company' are two accounts"

# 12. Renaming onto a merged account's name is a clear refusal, not an error.
before=$(db_state)
rt account rename Soylent Hooli
expect_rc 3
expect_err_has "'Hooli' is the name of an account merged into 'Soylent'"
expect_true '[ "$(db_state)" = "$before" ]' "the refused rename changes nothing"

# 16. A title typed with a leading apostrophe survives an export/import round trip.
rt log "'=1+1" --account Acme --value 1k --quiet
title_id=$(sql "SELECT id FROM requests WHERE title = '''=1+1'")
rt export --format csv --columns id,title --output "$WORK/out.csv"
expect_rc 0
expect_true "grep -q \"''=1+1\" \"$WORK/out.csv\"" "the export puts one more apostrophe before it"
cat >"$WORK/rt.toml" <<'TOML'
[import.maps.back]
title = "title"
TOML
rt import "$WORK/out.csv" --map back --config "$WORK/rt.toml" --ignore-unknown-columns --dry-run
expect_rc 0
expect_err_has " 0 new requests"

# 17. A tracker declining a request that already has a reason keeps it.
rt set "$title_id" --status planned --reason "Customers asked twice" --link PLAT-9 --quiet
printf "Issue key,Status,Resolution\nPLAT-9,Done,Won't Do\n" >"$WORK/jira.csv"
cat >"$WORK/jira.toml" <<'TOML'
[tracker.maps.jira]
key = "Issue key"
status = "Status"
resolution = "Resolution"
[tracker.maps.jira.statuses]
"Done" = "shipped"
[tracker.maps.jira.resolutions]
"Won't Do" = "declined"
TOML
rt import --tracker "$WORK/jira.csv" --map jira --config "$WORK/jira.toml" --dry-run
expect_rc 0
rt import --tracker "$WORK/jira.csv" --map jira --config "$WORK/jira.toml"
expect_rc 0
expect_true "[ \"\$(sql \"SELECT status || '|' || reason FROM requests WHERE id = $title_id\")\" = 'declined|Customers asked twice' ]" \
  "the request is declined with its reason"

# 21. Struck-through titles do not render as strikethrough in Markdown.
rt log "~~struck~~ feature" --account Acme --value 1k --quiet
rt list --format md
expect_out_has '\~\~struck\~\~ feature'

# A deal is a record: the database itself refuses an ask that disagrees with
# its deal, and a change to the deal reaches every ask of it.
rt doctor
expect_rc 0
before=$(db_state)
sql "UPDATE asks SET value_cents = 7700000 WHERE id = 1" >/dev/null 2>&1
expect_true '[ "$(db_state)" = "$before" ]' "the database refuses an ask that disagrees with its deal"
sql "UPDATE deals SET value_cents = 6600000 WHERE deal_key = 'OPP-1'" >/dev/null
expect_true '[ "$(sql "SELECT DISTINCT value_cents FROM asks WHERE deal = '"'OPP-1'"'")" = 6600000 ]' \
  "a change to the deal record reaches every ask of it"
# doctor names asks that disagree all the same (another program without the
# schema's triggers), with the command that mends each.
if [ "$BACKEND" = sqlite ]; then
  sql "DROP TRIGGER asks_keep_agreeing_with_their_deal; UPDATE asks SET value_cents = 7700000 WHERE id = 1"
  rt doctor
  expect_rc 1
  expect_out_has "ask #1 of deal OPP-1 disagrees with the deal"
  rt ask 1 --deal OPP-1 --quiet
  rt doctor
  expect_rc 0
  # 20. doctor names the empty backup a killed upgrade left, with the way out.
  : >"$REQTRIAGE_DB.v5.bak"
  rt doctor
  expect_rc 1
  expect_out_has "requests.db.v5.bak is an empty backup (an upgrade was stopped while writing its backup"
  expect_out_has "rm '"
  rm "$REQTRIAGE_DB.v5.bak"
  rt doctor
  expect_rc 0
fi

# 6. An import file holding one deal at two amounts is refused, naming both
#    rows; a file naming a known deal at a new amount moves the whole deal,
#    and says so; so does a re-import that updates one ask of a deal.
write_crm_map "$WORK/deals.toml"
printf 'Row,Opportunity,Feature,Account,Amount,Stage\nR1,Q-1,Bulk export,Wayne,10000,proposal\nR2,Q-1,Bulk import,Wayne,12000,proposal\n' >"$WORK/two.csv"
before=$(db_state)
rt import "$WORK/two.csv" --map crm --config "$WORK/deals.toml"
expect_rc 3
expect_err_has "row 3, column \"Amount\": deal Q-1 of Wayne is USD 10,000 on row 2 but USD 12,000 here"
expect_true '[ "$(db_state)" = "$before" ]' "the refused file changes nothing"
printf 'Row,Opportunity,Feature,Account,Amount,Stage\nR1,Q-1,Bulk export,Wayne,10000,proposal\nR2,Q-1,Bulk import,Wayne,10000,proposal\n' >"$WORK/one.csv"
rt import "$WORK/one.csv" --map crm --config "$WORK/deals.toml" --quiet
expect_rc 0
printf 'Row,Opportunity,Feature,Account,Amount,Stage\nR3,Q-1,Bulk delete,Wayne,15000,negotiation\n' >"$WORK/more.csv"
rt import "$WORK/more.csv" --map crm --config "$WORK/deals.toml"
expect_rc 0
expect_err_has "deal Q-1 of Wayne: value USD 10,000 -> USD 15,000, stage proposal -> negotiation, on #"
expect_true '[ "$(sql "SELECT count(DISTINCT value_cents || stage) FROM asks WHERE deal = '"'Q-1'"'")" = 1 ]' \
  "every ask of Q-1 says USD 15,000, negotiation"
printf 'Row,Opportunity,Feature,Account,Amount,Stage\nR1,Q-1,Bulk export,Wayne,16000,negotiation\n' >"$WORK/again.csv"
rt import "$WORK/again.csv" --map crm --config "$WORK/deals.toml"
expect_rc 0
expect_true '[ "$(sql "SELECT DISTINCT value_cents FROM asks WHERE deal = '"'Q-1'"'")" = 1600000 ]' \
  "a re-import that updates one ask of Q-1 moves the whole deal"
rt doctor
expect_rc 0

# 14. --as-of after chained merges (c into b, then b into a) puts c's asks
#     on b, where they were that day.
export REQTRIAGE_NOW="2026-11-03T10:00:00Z"
a=$(sql "SELECT coalesce(max(id), 0) + 1 FROM requests")
rt log "Chain A" --account Stark --value 1k --quiet
rt log "Chain B" --account Stark --value 2k --new --quiet
rt log "Chain C" --account Wayne --value 3k --new --quiet
rt merge $((a + 2)) --into $((a + 1)) --force --quiet
export REQTRIAGE_NOW="2026-11-04T10:00:00Z"
rt merge $((a + 1)) --into "$a" --force --quiet
rt score --as-of 2026-11-03 --format json
expect_true '[ "$(jq ".[] | select(.id == $((a + 1))) | .quantities.value" <<<"$OUT")" = 5000 ]' \
  "on 2026-11-03 chain B holds its own and chain C's asks (2k + 3k)"
expect_true '[ "$(jq ".[] | select(.id == $a) | .quantities.value" <<<"$OUT")" = 1000 ]' "and chain A only its own"

# 10. A merged account's ARR adds to its survivor's, and comes back with an unmerge.
rt log "ARR feature" --account Oscorp --value 5k --quiet
id=$(sql "SELECT max(id) FROM requests")
rt account Oscorp --arr 1M --quiet
rt account Tyrell --arr 200k --quiet
rt account merge Oscorp --into Tyrell --quiet
rt show "$id" --format json
rt score --format json
expect_true '[ "$(jq ".[] | select(.id == $id) | .quantities.arr" <<<"$OUT")" = 1200000 ]' \
  "the request's ARR is Tyrell's with Oscorp's merged in"
rt account unmerge Oscorp --quiet
rt score --format json
expect_true '[ "$(jq ".[] | select(.id == $id) | .quantities.arr" <<<"$OUT")" = 1000000 ]' "and Oscorp's alone after the unmerge"

# 15. A CRM row titled like a request merged away lands on its survivor.
rt log "Dark theme" --account Stark --value 1k --quiet
dark=$(sql "SELECT max(id) FROM requests")
rt log "Night theme" --account Stark --value 1k --new --quiet
rt merge $((dark + 1)) --into "$dark" --force --quiet
cat >"$WORK/titles.toml" <<'TOML'
[import.maps.t]
title = "Feature"
account = "Account"
TOML
printf 'Feature,Account\nNight theme,Wayne\n' >"$WORK/titles.csv"
requests_before=$(sql "SELECT count(*) FROM requests")
rt import "$WORK/titles.csv" --map t --config "$WORK/titles.toml"
expect_rc 0
expect_true '[ "$(sql "SELECT count(*) FROM requests")" = "$requests_before" ]' "no duplicate comes back"
expect_true '[ "$(sql "SELECT request_id FROM asks ORDER BY id DESC LIMIT 1")" = "$dark" ]' "the ask lands on the survivor"

# 19. A review compares with the last ranking of its own profile; a damaged
#     saved ranking is named by doctor and skipped by the reviews.
export REQTRIAGE_NOW="2026-11-05T10:00:00Z"
rt report review --save --quiet
expect_rc 0
export REQTRIAGE_NOW="2026-11-06T10:00:00Z"
rt report review --profile rice --save --quiet
export REQTRIAGE_NOW="2026-11-07T10:00:00Z"
rt report review --no-snapshot --format json
expect_true '[ "$(jq ".movers | length" <<<"$OUT")" = 0 ]' "no phantom movers from the rice ranking"
export REQTRIAGE_NOW="2026-11-08T10:00:00Z"
rt log "Brand new" --account Stark --value 9M --stage commit --quiet
rt report review --save --quiet
latest=$(sql "SELECT max(id) FROM snapshots")
sql "UPDATE snapshot_ranks SET rank = 100000 WHERE snapshot_id = $latest" >/dev/null
rt doctor
expect_rc 1
expect_out_has "(snapshot $latest, profile default) is damaged"
export REQTRIAGE_NOW="2026-11-09T10:00:00Z"
rt report review --save
expect_rc 0
export REQTRIAGE_NOW="2026-11-10T10:00:00Z"
rt report review --save
expect_rc 0

# 8. An unmerge through a chain (Umbrella-2 into Soylent-2, then Soylent-2
#    into Stark) brings the first account's asks back from the end of it.
rt log "Chain feature" --account "Umbrella Two" --value 7k --quiet
rt log --to "$(sql "SELECT max(id) FROM requests")" --account "Soylent Two" --value 8k --new-account --quiet
rt account merge "Umbrella Two" --into "Soylent Two" --quiet
rt account merge "Soylent Two" --into Stark --quiet
rt account unmerge "Umbrella Two"
expect_rc 0
expect_err_has "Unmerged 'Umbrella Two': 1 ask back."
rt accounts --format json
expect_true '[ "$(jq ".[] | select(.name == \"Umbrella Two\") | .value" <<<"$OUT")" = 7000 ]' "Umbrella Two has its ask back"

# 9. An unmerge gives back exactly what the merge took: the merged account's
#    aliases, its deals, and the asks logged under its name (or an alias of
#    it) while it was merged.
rt log "Wayfinding" --account Wonka --value 30k --stage proposal --deal W-1 --quiet
rt account Wonka --alias "Wonka Industries" --quiet
rt account merge Wonka --into Stark --quiet
rt log "Wayfinding 2" --account Wonka --deal W-1 --quiet
rt log "Wayfinding 3" --account "Wonka Industries" --value 5k --quiet
rt log "Stark's own" --account Stark --deal W-1 --quiet
expect_rc 0
rt account unmerge Wonka
expect_rc 0
expect_err_has "3 asks back"
rt accounts --format json
expect_true '[ "$(jq ".[] | select(.name == \"Wonka\") | .value" <<<"$OUT")" = 35000 ]' \
  "Wonka has its deal W-1 and the ask logged under its alias back"
expect_true '[ "$(jq -r ".[] | select(.name == \"Wonka\") | .aliases | join(\",\")" <<<"$OUT")" = "Wonka Industries" ]' \
  "Wonka has its alias back"
expect_true '[ "$(sql "SELECT count(*) FROM deals WHERE deal_key = '"'W-1'"'")" = 2 ]' \
  "W-1 is two deals again: Wonka's, and the one Stark's own ask made while merged"
rt log "After" --account "Wonka Industries" --value 1k --quiet
rt show "$(sql "SELECT max(id) FROM requests")" --format json
expect_true '[ "$(jq -r ".asks[0].account" <<<"$OUT")" = Wonka ]' "the alias lands on Wonka again"
rt doctor
expect_true '[[ "$OUT" != *"ask #"* ]]' "doctor finds every ask where it belongs (the damaged ranking above aside)"

# --new-account keeps a name apart whatever its key: "Acme" beside "Acme Inc".
rt log "Apart" --account "Cyberdyne Inc" --value 1k --quiet
rt log "Apart 2" --account "Cyberdyne" --value 2k --new-account --quiet
rt accounts --format json
expect_true '[ "$(jq "[.[] | select(.name | startswith(\"Cyberdyne\"))] | length" <<<"$OUT")" = 2 ]' \
  "'Cyberdyne' and 'Cyberdyne Inc' are two accounts"
rt log "Apart 3" --account "cyberdyne" --value 3k --quiet
rt accounts --format json
expect_true '[ "$(jq ".[] | select(.name == \"Cyberdyne\") | .value" <<<"$OUT")" = 5000 ]' \
  "the name typed again lands on the account of that name"

# A typo in `account NAME --segment` is refused, not a phantom customer.
before=$(db_state)
rt account Globexx --segment smb
expect_rc 3
expect_err_has "did you mean 'Globex'"
expect_true '[ "$(db_state)" = "$before" ]' "no phantom account"
rt account Globexx --segment smb --new-account --quiet
expect_rc 0

# An import refuses new account names a typo away from a known account or
# from another new name of the file, listing the rows; --new-account keeps them.
printf 'title,account,value\nTypo one,Initechh,1000\nFine,Brand New Customer,3000\nTwin,Brand New Custmer,4000\n' \
  >"$WORK/typos.csv"
before=$(db_state)
rt import "$WORK/typos.csv"
expect_rc 3
expect_err_has "2 new account names are a typo away from another, so nothing was written"
expect_err_has "row 2: 'Initechh' is a new name beside 'Initech' (account #"
expect_err_has "row 4: 'Brand New Custmer' is a new name beside 'Brand New Customer' (new on row 3)"
expect_err_has "--new-account"
expect_true '[ "$(db_state)" = "$before" ]' "the refused import writes nothing"
rt import "$WORK/typos.csv" --new-account --quiet
expect_rc 0

# 18. Workbooks: a literal "_x0007_" stays text, and a request whose links
#     pass a cell's 32,767 characters still exports, cut with a note.
rt log "Escape _x0007_ here" --account Stark --value 1k --quiet
long=$(sql "SELECT max(id) FROM requests")
links=()
for i in $(seq 1 700); do links+=(--link "https://tracker.example.com/browse/PROJ-$i?from=a-long-query-string-to-fill-the-cell"); done
rt set "$long" "${links[@]}" --quiet
expect_rc 0
rt export --format xlsx --columns id,title,links --output "$WORK/cells.xlsx"
expect_rc 0
expect_true 'unzip -p "$WORK/cells.xlsx" xl/sharedStrings.xml xl/worksheets/sheet1.xml | grep -q "_x005F_x0007_"' \
  "the literal _x0007_ is escaped in the sheet"
expect_true 'unzip -p "$WORK/cells.xlsx" xl/sharedStrings.xml xl/worksheets/sheet1.xml | grep -q "\[cut: "' \
  "the links cell is cut with a note"

finish
