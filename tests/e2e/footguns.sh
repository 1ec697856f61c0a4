#!/usr/bin/env bash
# Slips that must not lose data, hostile text that must not reach the
# terminal, and files that must not exhaust memory (issue 16). What fits the
# one-command shape is in bad_inputs.tsv; these need more than one command.
source "$(dirname "$0")/lib.sh"

rt log "Seed" --account Acme --value 5k
expect_rc 0 "setting up"

# A message that cannot be written (stderr closed or full) never aborts, and
# never hides a committed change: the id still comes out, the exit code is right.
"$REQTRIAGE" log "Closed stderr" >"$WORK/out" 2>&-
RC=$?
expect_rc 0 "log with stderr closed"
expect_true '[ "$(cat "$WORK/out")" = 2 ]' "log with stderr closed prints the new id"
"$REQTRIAGE" log "Full stderr" >"$WORK/out" 2>/dev/full
RC=$?
expect_rc 0 "log with stderr full"
expect_true '[ "$(cat "$WORK/out")" = 3 ]' "log with stderr full prints the new id"
"$REQTRIAGE" show 99 2>/dev/full
RC=$?
expect_rc 4 "an error with stderr full keeps its exit code"
"$REQTRIAGE" --format csv nonsense 2>&-
RC=$?
expect_rc 2 "a usage error with stderr closed"
"$REQTRIAGE" list >&- 2>"$WORK/err"
RC=$?
ERR=$(cat "$WORK/err")
expect_rc 7 "stdout closed is output not written"
expect_err_has "standard output is closed"
rt show 3
expect_out_has "Full stderr"
for flag in --help --version; do
  "$REQTRIAGE" $flag >/dev/full 2>"$WORK/err"
  RC=$?
  expect_rc 7 "$flag onto a full disk"
done

# A database given as something that is not a file keeps nothing: refused,
# and no file named ':memory:' appears.
(cd "$WORK" && REQTRIAGE_DB=:memory: "$REQTRIAGE" log "Lost" >/dev/null 2>"$WORK/err")
RC=$?
expect_rc 2 "REQTRIAGE_DB=:memory:"
expect_true 'grep -q "REQTRIAGE_DB: '"'"':memory:'"'"' is an SQLite URI" "$WORK/err"' "names the variable"
expect_true '[ ! -e "$WORK/:memory:" ]' "no file named :memory:"

# A mistyped database path: reads fail, and nothing creates it but a write.
for command in "list" "score" "report review" "accounts" "history"; do
  # shellcheck disable=SC2086
  rt --db "$WORK/typo.db" $command
  expect_rc 1 "$command on a missing database"
  expect_true '[ ! -e "$WORK/typo.db" ]' "$command creates no database"
done
printf 'title,account\nSSO,Acme\n' >"$WORK/one.csv"
rt --db "$WORK/typo.db" import --dry-run "$WORK/one.csv"
expect_rc 0 "a dry run on a new path"
expect_true '[ ! -e "$WORK/typo.db" ]' "a dry run creates no database"
printf 'title,stage\nSSO,pitch\n' >"$WORK/bad.csv"
rt --db "$WORK/typo.db" import "$WORK/bad.csv"
expect_rc 3 "a failed first import"
expect_true '[ ! -e "$WORK/typo.db" ] && [ ! -e "$WORK/typo.db-wal" ]' "a failed first import leaves no database"

# Rows of one file are never merged with each other.
printf 'title,account,value,stage,rep\nSSO,Acme,50k,lead,dana\nSSO,Acme,70k,commit,dana\n' >"$WORK/twice.csv"
rt import "$WORK/twice.csv"
expect_rc 0 "two identical rows but their deals"
expect_true '[ "$(sql "SELECT count(*) FROM asks a JOIN requests r ON r.id = a.request_id WHERE r.title = '"'SSO'"'")" = 2 ]' "both rows are asks"
expect_true '[ "$(sql "SELECT sum(value_cents) FROM asks WHERE import_key IS NOT NULL")" = 12000000 ]' "both values are kept"
rt import "$WORK/twice.csv"
expect_out_has "           0         0         0        0          2        0"

# Dates with a time of day; columns of a CRM export recognised; unknown
# columns refused unless ignored; the dry run shows the mapping.
printf 'Feature Request,Company name,Deal owner,Close Date,Deal Name\nAudit log,Globex,lee,2027-01-15T00:00:00Z,Q1 renewal\nAudit log,Initech,lee,2027-02-01 09:30,Expansion\n' >"$WORK/crm.csv"
rt import "$WORK/crm.csv"
expect_rc 3 "an unknown column"
expect_err_has '1 column matches no field: "Deal Name"'
rt import "$WORK/crm.csv" --ignore-column "deal name" --dry-run
expect_rc 0
expect_err_has '"Company name" -> account'
expect_err_has '"Deal Name" -> (not imported)'
rt import "$WORK/crm.csv" --ignore-unknown-columns
expect_rc 0
expect_true '[ "$(sql "SELECT close_date FROM asks WHERE rep = '"'lee'"' ORDER BY id" | tr "\n" " ")" = "2027-01-15 2027-02-01 " ]' "dates with a time keep their day"

# Problems by kind, with the fix; --suggest-map writes a map that works.
{
  echo "Feature Request,Account Name,Stage,Close Date,Amount"
  for i in $(seq 1 30); do echo "Export $i,Acct $i,Qualification,3/$((i % 28 + 1))/2027,1200"; done
} >"$WORK/sf.csv"
rt import "$WORK/sf.csv"
expect_rc 3
expect_err_has 'column "Stage": unknown stage ×30 (first on row 2; e.g. '"'Qualification'"')'
expect_err_has 'column "Close Date": invalid date ×30'
expect_err_has 'dates look like M/D/YYYY'
expect_true '[ "$(grep -c "^'"$WORK"'/sf.csv: row" <<<"$ERR")" = 20 ]' "the first 20 problems word for word"
rt import --suggest-map sf "$WORK/sf.csv"
expect_rc 0
expect_out_has '[import.maps.sf]'
expect_out_has 'dates = "us"'
expect_out_has '"Qualification" = "qualified"'
printf '%s\n' "$OUT" >"$WORK/sf.toml"
rt --config "$WORK/sf.toml" import "$WORK/sf.csv" --map sf
expect_rc 0 "the suggested map imports the file"
expect_out_has "          30        30"

# Invisible characters do not make a new title.
rt log "$(printf 'Dark\u200b mode')"
rt log "Dark mode" --account Initech
expect_err_has "looks like #"
printf 'title,account\n%s,Umbrella\n' "$(printf 'Dark mode\u00ad')" >"$WORK/soft.csv"
rt import "$WORK/soft.csv"
expect_out_has "           0         1         1"

# Hostile text stored by another client never reaches a terminal raw; the
# machine formats keep it exact.
ch() { if [ "$BACKEND" = postgresql ]; then echo "chr($1)"; else echo "char($1)"; fi; }
sql "UPDATE requests SET title = 'Evil ' || $(ch 27) || '[2J' || $(ch 8238) || 'gnp.exe' || $(ch 155) || 'x' || $(ch 13) WHERE id = 1"
sql "UPDATE accounts SET name = 'Acme' || $(ch 27) || ']0;pwned' || $(ch 7) WHERE name = 'Acme'"
raw_controls() { LC_ALL=C grep -c $'\e\|\x07\|\r\|\xe2\x80\xae\|\xc2\x9b' <<<"$OUT"; }
for command in "list" "show 1" "score --explain 1" "report accounts" "report review --no-snapshot" "accounts" "history 1" "account Acme"; do
  # shellcheck disable=SC2086
  rt $command
  expect_true '[ "$(raw_controls)" = 0 ]' "$command shows no raw control characters"
done
rt show 1
expect_out_has 'Evil \e[2J<U+202E>gnp.exe<U+009B>x\r'
rt list --format csv
expect_true '[ "$(raw_controls)" != 0 ]' "CSV keeps the text exact"
rt list --format json
expect_true 'jq -e ".[] | select(.id == 1) | .title | test(\"\\u001b\")" <<<"$OUT" >/dev/null' "JSON keeps the text exact"
printf 'title,\033[31mred\033[0m\nX,1\n' >"$WORK/hostile-header.csv"
rt import "$WORK/hostile-header.csv"
expect_rc 3
expect_true '! grep -q $'"'"'\e'"'"' <<<"$ERR"' "an error quoting a CSV header shows no escape"
expect_err_has '\e[31mred\e[0m'

# A quoted cell cannot forge a line of its own in a message.
printf 'title,stage\nX,"pitch\nreqtriage: warning: all good"\n' >"$WORK/forged.csv"
rt import "$WORK/forged.csv"
expect_rc 3
expect_true '! grep -q "^reqtriage: warning: all good" <<<"$ERR"' "no forged line"
expect_err_has "pitch\\nreqtriage: warning: all good"
# A header of thousands of unknown columns is named by its first few.
{ printf 'title'; for i in $(seq 1 3000); do printf ',c%d' "$i"; done; printf '\nX'; for i in $(seq 1 3000); do printf ',v'; done; printf '\n'; } >"$WORK/wide.csv"
rt import "$WORK/wide.csv"
expect_rc 3
expect_err_has '3000 columns match no field: "c1", "c2"'
expect_err_has '"and 2980 more"'
expect_true '[ "${#ERR}" -lt 2000 ]' "a short message"

# --output never writes through a symbolic link: the link is replaced.
echo "precious" >"$WORK/target.txt"
ln -s "$WORK/target.txt" "$WORK/link.csv"
rt export --output "$WORK/link.csv"
expect_rc 0
expect_true '[ "$(cat "$WORK/target.txt")" = precious ]' "the link's target is untouched"
expect_true '[ -f "$WORK/link.csv" ] && [ ! -L "$WORK/link.csv" ]' "the link became the export"
# A name of 254 bytes is valid: the temporary file has a short name.
long="$WORK/$(printf 'x%.0s' {1..250}).csv"
rt export --output "$long"
expect_rc 0 "an output name of 254 bytes"
rt export --output /dev/stdout --format tsv
expect_rc 0
expect_out_has "value_USD"

sqlite_only() {
  # Output over the database or its companions is refused, the database intact.
  local before
  before=$(db_state)
  for file in "$REQTRIAGE_DB" "$REQTRIAGE_DB-wal" "$REQTRIAGE_DB-shm" "$WORK/../$(basename "$WORK")/requests.db"; do
    rt export --output "$file"
    expect_rc 2 "export --output $file"
    expect_err_has "refusing to write over it"
  done
  rt --config "$REQTRIAGE_DB" config init --force
  expect_rc 2 "config init over the database"
  (cd "$WORK" && "$REQTRIAGE" migrate --to ./requests.db >/dev/null 2>&1)
  RC=$?
  expect_rc 2 "migrate into the store itself, by another name"
  ln -s "$WORK/nowhere.db" "$WORK/dangling-backup.db"
  rt backup "$WORK/dangling-backup.db"
  expect_rc 1 "a backup onto a dangling link"
  expect_true '[ ! -e "$WORK/nowhere.db" ]' "nothing written through the link"
  expect_true '[ "$(db_state)" = "$before" ]' "the database is unchanged"

  # The 0600 promise: through a dangling symbolic link, and a warning for a
  # database others can read.
  ln -s "$WORK/real.db" "$WORK/link.db"
  (umask 022 && "$REQTRIAGE" --db "$WORK/link.db" log "Private" >/dev/null 2>&1)
  expect_true '[ "$(stat -c %a "$WORK/real.db")" = 600 ]' "a database created through a link is private"
  chmod 644 "$WORK/real.db"
  rt --db "$WORK/real.db" list
  expect_rc 0
  expect_true '[ "$(grep -c "can be read by others (mode 0644)" <<<"$ERR")" = 1 ]' "one warning about a readable database"
  rt --db "$WORK/real.db" report review
  expect_true '[ "$(grep -c "can be read by others" <<<"$ERR")" = 1 ]' "once, though the review reads and then writes"

  # Text that is not UTF-8: JSON stays valid, doctor says where.
  sql "UPDATE requests SET description = CAST(X'6261ff64' AS TEXT), title = CAST(X'54ff' AS TEXT) WHERE id = 2"
  for command in "export --format json" "export --format jsonl" "export --what asks --format json" "list --format json" "show 2 --format json" "score --format jsonl"; do
    # shellcheck disable=SC2086
    rt $command
    expect_rc 0 "$command with text that is not UTF-8"
    expect_true 'jq -e . <<<"$OUT" >/dev/null' "$command stays valid JSON"
  done
  sql "UPDATE requests SET effort = 0 WHERE id = 3"
  rt doctor
  expect_rc 1
  expect_out_has "request #2: its description is not valid UTF-8"
  expect_out_has "request #3 has an effort of 0"

  # A database in a folder this user cannot write to is still read.
  if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    mkdir "$WORK/frozen"
    "$REQTRIAGE" --db "$WORK/frozen/f.db" log "Frozen" >/dev/null 2>&1
    chmod 755 "$WORK" && chmod 555 "$WORK/frozen" && chmod 644 "$WORK/frozen/f.db"
    OUT=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$REQTRIAGE" --db "$WORK/frozen/f.db" list 2>"$WORK/err")
    RC=$?
    ERR=$(cat "$WORK/err")
    expect_rc 0 "a read in a read-only folder"
    expect_out_has "Frozen"
    OUT=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$REQTRIAGE" --db "$WORK/frozen/f.db" log x 2>"$WORK/err")
    RC=$?
    ERR=$(cat "$WORK/err")
    expect_rc 1 "a write in a read-only folder"
    expect_err_has "read-only; nothing was written"
    chmod 755 "$WORK/frozen"
  fi

  # A password holding an unencoded '@' never shows in a message.
  rt --db 'postgresql://dana:s3cr@t/pw@127.0.0.1:1/requests' list
  expect_true '[ "$RC" -ne 0 ]' "an unreachable server"
  expect_true '! grep -q "s3cr\|t/pw" <<<"$ERR"' "no part of the password"
  expect_err_has "postgresql://dana@127.0.0.1:1/requests"
}
if [ "$BACKEND" = sqlite ]; then sqlite_only; fi
finish
