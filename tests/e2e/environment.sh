#!/usr/bin/env bash
# Database location and permissions, read-only commands, output errors,
# colour, busy and hostile databases, help and version.
source "$(dirname "$0")/lib.sh"
only_on sqlite

# Without --db or $REQTRIAGE_DB the store lives under $XDG_DATA_HOME, created private.
unset REQTRIAGE_DB
default_db="$XDG_DATA_HOME/reqtriage/requests.db"
rt list
expect_rc 1
expect_err "reqtriage: error: no database at $default_db (nothing logged yet? check --db / REQTRIAGE_DB)"
expect_true '[ ! -e "$default_db" ]' "a read-only command creates no database"
rt log "First"
expect_rc 0
expect_true '[ -f "$default_db" ]' "the first write creates the database"
expect_true '[ "$(stat -c %a "$default_db")" = 600 ]' "the database is private"
expect_true '[ "$(stat -c %a "$XDG_DATA_HOME/reqtriage")" = 700 ]' "its folder is private"
expect_true '[ "$(sqlite3 "$default_db" "PRAGMA journal_mode")" = wal ]' "WAL is on"
expect_true '[ "$(sqlite3 "$default_db" "PRAGMA application_id")" = 1381061714 ]' "application id"

# With XDG_DATA_HOME unset it is ~/.local/share.
(unset XDG_DATA_HOME; "$REQTRIAGE" log "Home" >/dev/null 2>&1)
expect_true '[ -f "$HOME/.local/share/reqtriage/requests.db" ]' "~/.local/share by default"

# --db beats $REQTRIAGE_DB, which beats the default.
REQTRIAGE_DB="$WORK/env.db" rt log "Env"
expect_true '[ -f "$WORK/env.db" ]' "\$REQTRIAGE_DB is used"
REQTRIAGE_DB="$WORK/env.db" rt log "Flag" --db "$WORK/flag.db"
expect_true '[ "$(sqlite3 "$WORK/flag.db" "SELECT title FROM requests")" = Flag ]' "--db wins"
export REQTRIAGE_DB="$WORK/requests.db"

# A write that fails on stdout is exit 7.
rt log "Seed" --account Acme --value 1k
"$REQTRIAGE" list >/dev/full 2>"$WORK/err"
RC=$?
ERR=$(cat "$WORK/err")
expect_rc 7
expect_err_has "cannot write the output"

# Colour only when asked or on a terminal.
rt list --color always
expect_out_has $'\033[1mid'
rt list
expect_true '[[ "$OUT" != *$'"'"'\033'"'"'* ]]' "no colour when piped"
NO_COLOR=1 rt list --color auto
expect_true '[[ "$OUT" != *$'"'"'\033'"'"'* ]]' "NO_COLOR"

# Help and version exit 0 and show an example.
rt --help
expect_rc 0
expect_out_has "Exit codes: 0 ok"
rt log --help
expect_rc 0
expect_out_has "Example:"
rt --version
expect_rc 0
expect_out "reqtriage 0.1.0"

# Holds the write lock for $1 seconds in the background, returning once it
# is held (sqlite3 touches a marker file after BEGIN IMMEDIATE).
hold_write_lock() {
  rm -f "$WORK/locked"
  (printf 'BEGIN IMMEDIATE;\n.shell touch %s\n' "$WORK/locked"; sleep "$1"; printf 'COMMIT;\n') |
    sqlite3 "$REQTRIAGE_DB" >/dev/null &
  locker=$!
  until [ -e "$WORK/locked" ]; do sleep 0.05; done
}

# A database another process holds the write lock on: exit 6, nothing written.
before=$(db_state)
hold_write_lock 3
REQTRIAGE_BUSY_TIMEOUT_MS=300 rt log "Blocked"
expect_rc 6
expect_err_has "the database is busy"
wait $locker
expect_true '[ "$(db_state)" = "$before" ]' "the busy database is unchanged"

# A waiting writer succeeds once the lock is released within the timeout.
hold_write_lock 1
rt log "Waited"
expect_rc 0
wait $locker

# Files that are not reqtriage databases are refused and left as they were.
head -c 8192 /dev/urandom >"$WORK/random.db"
sum=$(sha256sum <"$WORK/random.db")
rt list --db "$WORK/random.db"
expect_rc 1
expect_err_has "not a reqtriage database"
expect_true '[ "$(sha256sum <"$WORK/random.db")" = "$sum" ]' "random bytes untouched"

sqlite3 "$WORK/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
sum=$(sha256sum <"$WORK/other.db")
rt log "Into other" --db "$WORK/other.db"
expect_rc 1
expect_err "reqtriage: error: $WORK/other.db is an SQLite database but not a reqtriage one; refusing to touch it"
expect_true '[ "$(sha256sum <"$WORK/other.db")" = "$sum" ]' "another application's database untouched"

cp "$REQTRIAGE_DB" "$WORK/future.db"
sqlite3 "$WORK/future.db" "PRAGMA user_version = 42"
sum=$(sha256sum <"$WORK/future.db")
rt list --db "$WORK/future.db"
expect_rc 1
expect_err_has "was written by a newer reqtriage (schema version 42; this build knows up to 6)"
expect_true '[ "$(sha256sum <"$WORK/future.db")" = "$sum" ]' "a newer database untouched"

rt list --db "$WORK"
expect_rc 1
expect_err "reqtriage: error: $WORK: is a folder, not a database file"

finish
