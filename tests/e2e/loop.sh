#!/usr/bin/env bash
# Closing the loop with sales: delivery targets and ticket links, the
# sentence for each customer, each rep's report, tracker sync and filters.
source "$(dirname "$0")/lib.sh"

rt log "Dark mode" --account Acme --value 10k --by Alice --quiet
rt log "SSO with Okta" --account Globex --value 50k --by Bob --stage proposal --quiet
rt log "Audit log export" --account Initech --value 20k --by Alice --quiet

# --- Delivery: a target (date, quarter or release) and ticket links.
rt set 2 --target 2027-q1 --link proj-12 --link https://jira.example.com/browse/PROJ-13
expect_rc 0
expect_true '[ "$(sql "SELECT target FROM requests WHERE id = 2")" = 2027-Q1 ]' "a quarter is stored upper case"
expect_true '[ "$(sql "SELECT link FROM request_links WHERE request_id = 2 ORDER BY link" | tr "\n" " ")" = "PROJ-12 https://jira.example.com/browse/PROJ-13 " ]' "keys upper case, URLs as given"
rt show 2
expect_out_has "target: 2027-Q1   links: PROJ-12 https://jira.example.com/browse/PROJ-13"
rt show 2 --format json
expect_true '[ "$(jq -c "[.target, .links]" <<<"$OUT")" = "[\"2027-Q1\",[\"PROJ-12\",\"https://jira.example.com/browse/PROJ-13\"]]" ]' "show's JSON has target and links"
rt list --format json
expect_true '[ "$(jq -c "[.[] | .target]" <<<"$OUT")" = "[null,\"2027-Q1\",null]" ]' "list's JSON has the target, null when none"
rt list
expect_out_has "target"
expect_out_has "2027-Q1"
rt export --format csv --columns id,target,links
expect_out_has '"2","2027-Q1","PROJ-12 https://jira.example.com/browse/PROJ-13"'

# Bad targets and links are refused, naming the option, and change nothing.
before=$(db_state)
for bad in "--target 2027-13-01" "--target 2027-Q5" "--link not-a-key" "--link ftp://x" "--unlink PROJ-99"; do
  # shellcheck disable=SC2086
  rt set 2 $bad
  expect_rc 3 "set 2 $bad exits 3"
done
expect_err "reqtriage: error: --unlink: request #2 has no link PROJ-99"
expect_true '[ "$(db_state)" = "$before" ]' "refused targets and links write nothing"

# History records both; --as-of sees the request as it was.
REQTRIAGE_NOW=2026-11-28T10:00:00Z rt set 2 --target "Release 4.3" --unlink PROJ-12 --quiet
rt history 2 --format json
expect_true '[ "$(jq -r "[.[] | select(.field == \"target\") | .new] | join(\",\")" <<<"$OUT")" = "2027-Q1,Release 4.3" ]' "each target change is in history"
rt show 2 --format json
expect_true '[ "$(jq -c "[.target, .links]" <<<"$OUT")" = "[\"Release 4.3\",[\"https://jira.example.com/browse/PROJ-13\"]]" ]' "the target and links now"
rt report accounts --as-of 2026-11-27 --account Globex --format json
expect_true '[ "$(jq -c ".[0].ask_list[0] | [.target, .links]" <<<"$OUT")" = "[\"2027-Q1\",[\"PROJ-12\",\"https://jira.example.com/browse/PROJ-13\"]]" ]' "--as-of gives the target and links as they were"
rt set 2 --target none --quiet
expect_true '[ "$(sql "SELECT target FROM requests WHERE id = 2")" = "" ]' "--target none clears it"
rt set 2 --target "Release 4.3" --quiet

# --- What to tell the customer: a sentence per ask, from [messages].
rt set 1 --status declined --reason "Low value for the effort." --workaround "Use the OS dark theme" --quiet
rt report accounts --account Acme
expect_out_has '| tell the customer |'
expect_out_has 'We will not build "Dark mode" for now: Low value for the effort. Meanwhile: Use the OS dark theme.'
rt report accounts --account Globex --format json
expect_true '[ "$(jq -r ".[0].ask_list[0].message" <<<"$OUT")" = "Thanks: \"SSO with Okta\" is logged and product will review it." ]' "a new request's sentence"
cat >"$WORK/messages.toml" <<'TOML'
[messages]
new = "{title}: on the list[, for {target}]."
TOML
rt --config "$WORK/messages.toml" report accounts --account Globex --format csv
expect_out_has '"SSO with Okta: on the list, for Release 4.3."'
cat >"$WORK/bad-messages.toml" <<'TOML'
[messages]
planned = "{title} ships {when}"
TOML
before=$(db_state)
rt --config "$WORK/bad-messages.toml" report accounts
expect_rc 5
expect_err_has "bad-messages.toml:2:11: messages.planned: unknown placeholder {when}: expected {title}, {reason}, {workaround}, {target}, {link}"
cat >"$WORK/bad-status.toml" <<'TOML'
[messages]
done = "{title} is done"
TOML
rt --config "$WORK/bad-status.toml" report accounts
expect_rc 5
expect_err_has "messages.done: unknown key; [messages] has one template per status"
expect_true '[ "$(db_state)" = "$before" ]' "a bad config changes nothing"

# --- report reps: each rep's customers whose request changed since a date.
REQTRIAGE_NOW=2026-11-29T10:00:00Z rt set 3 --status planned --target 2027-Q2 --quiet
REQTRIAGE_NOW=2026-11-29T11:00:00Z rt report reps --since 2026-11-29
expect_rc 0
expect_out_has "## Alice"
expect_out_has '| Initech | 3 | #3 Audit log export | new → planned; target 2027-Q2 | Good news: "Audit log export" is planned for 2027-Q2. |'
expect_true '[[ "$OUT" != *"## Bob"* ]]' "a rep whose customers saw no change is left out"
REQTRIAGE_NOW=2026-11-29T11:00:00Z rt report reps --since 2026-11-01 --rep bob --format json
expect_true '[ "$(jq -c "[.[] | [.rep, .account, .request_id]]" <<<"$OUT")" = "[[\"Bob\",\"Globex\",2]]" ]' "--rep picks one rep, any case"
expect_true '[ "$(jq -r ".[0].changes | join(\"; \")" <<<"$OUT")" = "target Release 4.3; links https://jira.example.com/browse/PROJ-13" ]' "the window's changes summed up: the target and links now"
before=$(db_state)
rt report reps --rep Carol
expect_rc 4
expect_err "reqtriage: error: --rep: no rep 'Carol'; known: Alice, Bob"
expect_true '[ "$(db_state)" = "$before" ]' "an unknown rep changes nothing"
# A merge is news for the merged request's customers.
rt log "Night mode" --account Umbrella --by Carol --value 5k --quiet
REQTRIAGE_NOW=2026-11-30T09:00:00Z rt merge 4 --into 1 --force --quiet
REQTRIAGE_NOW=2026-11-30T10:00:00Z rt report reps --since 2026-11-30 --rep Carol --format csv
expect_out_has '"Carol","Umbrella","4","1","Dark mode","#4 merged into #1","declined"'

# --- Tracker sync: a tracker export moves linked requests.
cat >"$WORK/tracker.toml" <<'TOML'
[tracker.maps.jira]
key = "Issue key"
status = "Status"
target = ["Fix versions", "Fix Version/s"]
resolution = "Resolution"
[tracker.maps.jira.statuses]
"To Do" = "planned"
"In Progress" = "in-progress"
"Done" = "shipped"
[tracker.maps.jira.resolutions]
"Won't Do" = "declined"
TOML
rt set 3 --link PROJ-30 --quiet
printf 'Summary,Issue key,Status,Resolution,Fix Version/s,Fix Version/s\nSSO,PROJ-13,Done,Done,,4.3.1\nAudit,proj-30,In Progress,,2027-Q1,\nOther,PROJ-99,Code Review,,,\n' >"$WORK/jira.csv"
before=$(db_state)
rt --config "$WORK/tracker.toml" import --tracker "$WORK/jira.csv" --map jira --dry-run
expect_rc 0
expect_err_has "#2 (PROJ-13): status new -> shipped; target Release 4.3 -> 4.3.1"
expect_err_has "#3 (PROJ-30): status planned -> in-progress; target 2027-Q2 -> 2027-Q1"
expect_err_has "dry run: $WORK/jira.csv: 3 tickets, 2 linked; 2 requests would change."
expect_err_has "row 4: 'Code Review' is not in [tracker.maps.jira]; those tickets' status is left as is"
expect_true '[ "$(db_state)" = "$before" ]' "a tracker dry run writes nothing"
REQTRIAGE_NOW=2026-11-30T12:00:00Z rt --config "$WORK/tracker.toml" import --tracker "$WORK/jira.csv" --map jira --format json
expect_rc 0
expect_true '[ "$(jq .linked <<<"$OUT")" = 2 ]' "the JSON summary"
expect_true '[ "$(sql "SELECT status, target FROM requests WHERE id = 2")" = "shipped|4.3.1" ]' "a Done ticket ships its request with the fix version"
expect_true '[ "$(sql "SELECT count(*) FROM history WHERE at = '"'2026-11-30T12:00:00Z'"'")" = 4 ]' "every change is in history"
expect_true '[ "$(sql "SELECT count(*) FROM asks")" = 4 ] && [ "$(sql "SELECT count(*) FROM requests")" = 4 ]' "nothing else is touched"
# Keys that match nothing, a missing column, an unknown map: refused, nothing changed.
printf 'Issue key,Status\nNOPE-1,Done\nNOPE-2,Done\n' >"$WORK/other.csv"
before=$(db_state)
rt --config "$WORK/tracker.toml" import --tracker "$WORK/other.csv" --map jira
expect_rc 3
expect_err "reqtriage: error: $WORK/other.csv: row 1: no column Fix versions or Fix Version/s (the map's target column) among Issue key, Status"
printf 'Issue key,Status,Fix versions,Resolution\nNOPE-1,Done,,\nNOPE-2,Done,,\n' >"$WORK/other.csv"
rt --config "$WORK/tracker.toml" import --tracker "$WORK/other.csv" --map jira
expect_rc 3
expect_err "reqtriage: error: $WORK/other.csv: none of its 2 tickets (NOPE-1, NOPE-2) is linked to a request; link them first with \`reqtriage set ID --link KEY\`"
rt --config "$WORK/tracker.toml" import --tracker "$WORK/other.csv" --map linear
expect_rc 2
expect_err_has "--map: no tracker map 'linear'; known: jira"
rt import --tracker "$WORK/other.csv"
expect_rc 2
expect_true '[ "$(db_state)" = "$before" ]' "refused tracker imports change nothing"

# --- Filters: the same options on list, score, export and the reports.
rt account Acme --segment enterprise --quiet
rt log "Slack alerts" --account Acme --by Alice --value 30k --stage proposal --importance blocker --quiet
rt log "Slack alerts for admins" --account Globex --by Bob --value 8k --stage lead --quiet
rt score --segment enterprise --format json
expect_true '[ "$(jq -c "[.[] | .id]" <<<"$OUT")" = "[5]" ]' "score --segment keeps the requests enterprise accounts ask for"
rt score --rep alice --rep BOB --format json
expect_true '[ "$(jq -c "[.[] | .id] | sort" <<<"$OUT")" = "[3,5,6]" ]' "reps combine with OR"
rt score --rep Alice --stage lead --format json
expect_true '[ "$(jq length <<<"$OUT")" = 0 ]' "different filters combine with AND"
rt list --importance blocker --format json
expect_true '[ "$(jq -c "[.[] | [.id, .totals.value]]" <<<"$OUT")" = "[[5,30000]]" ]' "list --importance counts only those asks"
rt export --what asks --rep Bob --format csv --columns ask_id,account
expect_out $'"ask_id","account"\n"2","Globex"\n"6","Globex"'
rt export --account Globex --stage lead --format json --columns id,value_USD
expect_true '[ "$(jq -c "." <<<"$OUT")" = "[{\"id\":6,\"value\":8000,\"currency\":\"USD\"}]" ]' "export counts the filtered asks"
rt report review --no-snapshot --since 2026-11-01 --tag nothing-has-this --format json
expect_true '[ "$(jq ".top | length" <<<"$OUT")" = 0 ]' "the review takes filters"
rt report review --rep Alice --since 2026-11-01 --save
expect_rc 2
expect_err "reqtriage: error: --save keeps the whole ranking: give it without filters"
rt score --segment nobody
expect_rc 4
expect_err "reqtriage: error: --segment: no segment 'nobody'; known: enterprise"
rt score --status declined
expect_rc 2
expect_err "reqtriage: error: --status: declined requests are not ranked (the config's [scoring] statuses)"
rt list --importance urgent
expect_rc 3

# --- The review fits on a page: new asks one line per request (--full: each).
export REQTRIAGE_NOW=2026-11-30T13:00:00Z
rt report review --no-snapshot --since 2026-11-01
expect_out_has "## New asks (6 on 5 requests)"
expect_out_has "| #5 Slack alerts | new | 1 | Acme | 30,000 |"
expect_out_has "## Target changes"
expect_out_has "## Decisions"
expect_out_has "| 3 | Audit log export | in-progress |"
rt report review --no-snapshot --since 2026-11-01 --full
expect_out_has "## New asks (6)"

finish
