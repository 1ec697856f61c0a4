#!/usr/bin/env bash
# Concurrent writers, kills in the middle of writing, hostile files, doctor
# and backup.
source "$(dirname "$0")/lib.sh"
only_on sqlite
unset REQTRIAGE_NOW

count() { sqlite3 "$REQTRIAGE_DB" "SELECT count(*) FROM $1"; }
integrity() { sqlite3 "$1" "PRAGMA integrity_check"; }

# A CSV of N rows, each its own request and ask.
make_csv() {
  awk -v n="$1" -v tag="$2" 'BEGIN { print "id,title,account,value,stage"
    for (i = 1; i <= n; i++) printf "%s-%d,Imported request %s number %d,Account %d,%d,proposal\n", tag, i, tag, i, i % 50, 1000 + i }' >"$3"
}

# --- Four processes logging 60 requests each, and an import, all at once
#     (enough to overlap every writer with the import and each other; a
#     sanitized process takes a quarter of a second to start).
rt log "Seed" --quiet
make_csv 2000 concurrent "$WORK/concurrent.csv"
pids=()
for writer in 1 2 3 4; do
  (for i in $(seq 1 60); do
     "$REQTRIAGE" --quiet log "Writer $writer request $i" --account "Account $((i % 20))" --value 1k >/dev/null 2>>"$WORK/writers.err" || echo "failed $writer $i" >>"$WORK/writers.err"
   done) &
  pids+=($!)
done
"$REQTRIAGE" --quiet import "$WORK/concurrent.csv" >/dev/null 2>>"$WORK/writers.err" &
pids+=($!)
for pid in "${pids[@]}"; do wait "$pid"; done
ERR=$(grep -E "error|failed" "$WORK/writers.err" 2>/dev/null)
expect_true '[ -z "$ERR" ]' "no writer failed (no 'database is locked')"
expect_true '[ "$(count requests)" = 2241 ]' "every logged and imported request is there"
expect_true '[ "$(count asks)" = 2240 ]' "every ask is there"
rt doctor
expect_rc 0

# --- A backup while others write is consistent and private.
(for i in $(seq 1 40); do "$REQTRIAGE" --quiet log "During backup $i" >/dev/null 2>&1; done) &
writer=$!
sleep 0.2
rt backup "$WORK/backup.db"
expect_rc 0
wait $writer
expect_true '[ "$(integrity "$WORK/backup.db")" = ok ]' "the backup passes integrity_check"
expect_true '[ "$(stat -c %a "$WORK/backup.db")" = 600 ]' "the backup is private"
rt backup "$WORK/backup.db"
expect_rc 1
expect_err_has "already exists"

# --- Imports killed at random moments: all of an import or none of it.
make_csv 30000 crash "$WORK/crash.csv"
for attempt in 1 2 3 4 5; do
  before=$(count asks)
  "$REQTRIAGE" --quiet import "$WORK/crash.csv" >/dev/null 2>&1 &
  pid=$!
  sleep "0.$((RANDOM % 9 + 1))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  after=$(count asks)
  expect_true '[ "$(integrity "$REQTRIAGE_DB")" = ok ]' "integrity after a kill (attempt $attempt)"
  expect_true '[ "$after" = "$before" ] || [ "$after" = "$((before + 30000))" ]' "all or nothing (attempt $attempt: $before -> $after)"
  [ "$after" != "$before" ] && break  # finished before the kill: nothing more to learn
done
rt doctor
expect_rc 0

# --- dedupe --auto and merge killed midway leave a consistent store.
for i in $(seq 1 60); do printf 'Duplicate topic %d,Acme,1k\nduplicate topic %d!,Globex,2k\n' "$i" "$i"; done |
  sed '1i title,account,value' >"$WORK/dups.csv"
"$REQTRIAGE" --quiet import "$WORK/dups.csv" --delimiter , >/dev/null 2>&1
"$REQTRIAGE" --quiet dedupe --auto --min-similarity 0.99 >/dev/null 2>&1 &
pid=$!
sleep 0.3
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
expect_true '[ "$(integrity "$REQTRIAGE_DB")" = ok ]' "integrity after killing dedupe --auto"
rt doctor
expect_rc 0

# --- A merge of a request with thousands of asks, killed midway: all or nothing.
make_csv 5000 onto "$WORK/onto.csv"
sed -i 's/Imported request onto number [0-9]*/One big request/' "$WORK/onto.csv"
"$REQTRIAGE" --quiet import "$WORK/onto.csv" >/dev/null 2>&1
big=$(sqlite3 "$REQTRIAGE_DB" "SELECT id FROM requests WHERE title = 'One big request'")
"$REQTRIAGE" --quiet log "Survivor" >/dev/null 2>&1
survivor=$(sqlite3 "$REQTRIAGE_DB" "SELECT max(id) FROM requests")
"$REQTRIAGE" --quiet merge "$big" --into "$survivor" --force >/dev/null 2>&1 &
pid=$!
sleep 0.1
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
moved=$(sqlite3 "$REQTRIAGE_DB" "SELECT count(*) FROM asks WHERE request_id = $survivor")
expect_true '[ "$moved" = 0 ] || [ "$moved" = 5000 ]' "a killed merge moved all asks or none ($moved)"
expect_true '[ "$(integrity "$REQTRIAGE_DB")" = ok ]' "integrity after killing a merge"
rt doctor
expect_rc 0

# --- Hostile files.
head -c 50000 "$REQTRIAGE_DB" >"$WORK/truncated.db"
rt list --db "$WORK/truncated.db"
expect_true '[ "$RC" -ne 0 ] && [ "$RC" -lt 128 ]' "a truncated database is an error, not a crash"
expect_true '[ -n "$ERR" ]' "with a message"
if [ "$(id -u)" -eq 0 ]; then
  echo "skipped: read-only database and unwritable folder (root may write anyway)"
else
  cp "$REQTRIAGE_DB" "$WORK/readonly.db" && chmod 444 "$WORK/readonly.db"
  rt log "Nope" --db "$WORK/readonly.db"
  expect_rc 1
  expect_err_has "read-only"
  mkdir "$WORK/locked" && chmod 500 "$WORK/locked"
  rt log "Nope" --db "$WORK/locked/new.db"
  expect_rc 1
  expect_true '[ ! -e "$WORK/locked/new.db" ]' "nothing half-written"
fi
mkdir -p "$WORK/small"
if mount -t tmpfs -o size=400k tmpfs "$WORK/small" 2>/dev/null; then
  REQTRIAGE_DB="$WORK/small/tiny.db" rt log "First" --quiet
  expect_rc 0
  make_csv 20000 full "$WORK/full.csv"
  REQTRIAGE_DB="$WORK/small/tiny.db" rt import "$WORK/full.csv"
  expect_true '[ "$RC" -ne 0 ]' "a full disk fails the import"
  expect_err_has "disk is full"
  expect_true '[ "$(integrity "$WORK/small/tiny.db")" = ok ]' "and leaves the database whole"
  # Reads and writes on a full disk say so, not "disk I/O error".
  head -c 1000000 /dev/zero >"$WORK/small/filler" 2>/dev/null
  REQTRIAGE_DB="$WORK/small/tiny.db" rt list
  expect_true '[ "$RC" = 0 ] || [[ "$ERR" == *"the disk is full (reading needs room for"* ]]' "a read on a full disk"
  REQTRIAGE_DB="$WORK/small/tiny.db" rt log "More" --note "$(head -c 15000 /dev/zero | tr '\0' x)"
  expect_rc 1 "a write on a full disk"
  expect_err_has "the disk is full; nothing was written"
  rm -f "$WORK/small/filler"
  expect_true '[ "$(sqlite3 "$WORK/small/tiny.db" "SELECT count(*) FROM asks")" = 0 ]' "with none of the import"
  umount "$WORK/small"
else
  echo "skipped: full disk (cannot mount a small tmpfs here)"
fi

finish
