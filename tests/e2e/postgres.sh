#!/usr/bin/env bash
# What only the PostgreSQL team store has: who made each change, passwords
# kept out of every message, [store] url, refusals of foreign and newer
# databases, many writers at once, a server stopped mid-command, and
# migrate --to between the engines.
source "$(dirname "$0")/lib.sh"
only_on postgresql
scripts="$(dirname "$0")/../../scripts"
server=${REQTRIAGE_TEST_PG%/}
host_part=${server#*@}  # 127.0.0.1:PORT
admin() { psql -XAtq "$server/postgres" "$@"; }

# The history names the database user who made each change.
admin -c 'DO $$ BEGIN CREATE ROLE dana LOGIN IN ROLE tester; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$'
rt log "SSO with Okta" --account Acme --value 120k
REQTRIAGE_DB="postgresql://dana@$host_part/$PG_DATABASE" rt set 1 --status declined --reason "Not now"
expect_rc 0
rt history 1 --format tsv
expect_true 'grep -q "	dana	1		changed	status	new	declined" <<<"$OUT"' "the history names dana as who declined it"
expect_true 'grep -q "	tester	1		created" <<<"$OUT"' "and tester as who logged it"

# Passwords never show: not in errors, doctor, backup messages, config show
# or the history.
secret_url="postgresql://tester:s3cret-pw@$host_part/$PG_DATABASE"
REQTRIAGE_DB="$secret_url" rt show 99
expect_rc 4
REQTRIAGE_DB="$secret_url" rt doctor
all_output="$OUT$ERR"
REQTRIAGE_DB="postgresql://tester:s3cret-pw@127.0.0.1:1/nowhere" rt list
expect_rc 1
expect_err_has "postgresql://tester@127.0.0.1:1/nowhere: cannot connect to the database server"
all_output+="$OUT$ERR"
printf '[store]\nurl = "%s"\n' "$secret_url" >"$WORK/team.toml"
rt --config "$WORK/team.toml" config show
all_output+="$OUT$ERR"
expect_out_has "url = \"postgresql://tester@$host_part/$PG_DATABASE\""
REQTRIAGE_DB="$secret_url?sslmode=disable&password=s3cret-pw" rt log "Bulk edit"
all_output+="$OUT$ERR$(sql 'SELECT * FROM history')"
expect_true '! grep -q s3cret <<<"$all_output"' "no password in any output or in the history"

# [store] url selects the team store when neither --db nor $REQTRIAGE_DB does.
(unset REQTRIAGE_DB; "$REQTRIAGE" --config "$WORK/team.toml" list --format tsv >"$WORK/via-config.tsv" 2>&1)
expect_true 'grep -q "Bulk edit" "$WORK/via-config.tsv"' "[store] url is used"

# A database with other tables, or a newer schema, is refused untouched.
admin -c "CREATE DATABASE ${PG_DATABASE}_other OWNER tester" >/dev/null
other="${REQTRIAGE_DB}_other"
psql -XAtq "$other" -c "CREATE TABLE invoices (id int)"
REQTRIAGE_DB="$other" rt log "Nope"
expect_rc 1
expect_err "reqtriage: error: $other is a PostgreSQL database but not a reqtriage one (it has tables); refusing to touch it"
expect_true '[ "$(psql -XAtq "$other" -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = '"'"'public'"'"'")" = 1 ]' "the foreign database is untouched"
admin -c "DROP DATABASE ${PG_DATABASE}_other WITH (FORCE)"
current_version=$(sql "SELECT version FROM reqtriage_schema")
sql "UPDATE reqtriage_schema SET version = 99"
rt list
expect_rc 1
expect_err_has "was written by a newer reqtriage (schema version 99; this build knows up to $current_version)"
sql "UPDATE reqtriage_schema SET version = $current_version"

# Eight writers at once, with an import and merges racing them: nothing is
# lost, nothing is locked out (a long import is not starved by the small
# writes), the store stays consistent.
awk 'BEGIN { print "title,account,value"; for (i = 1; i <= 2000; i++) printf "Imported request %d,Account %d,%d\n", i % 60, i, 1000 + i }' \
  >"$WORK/race.csv"
rt log "To merge, one" --account Initech --value 2k
rt log "To merge, two" --account Initech --value 3k
expect_out "4" "requests 3 and 4 wait to be merged in the race"
before=$(sql "SELECT count(*) FROM asks")
pids=()
for writer in 1 2 3 4 5 6 7 8; do
  (for i in $(seq 1 25); do
     "$REQTRIAGE" log "Writer $writer request $i" --account "Account $writer" --value 1k -q >/dev/null 2>>"$WORK/writers.err" ||
       echo "writer $writer failed at $i" >>"$WORK/writers.err"
   done) &
  pids+=($!)
done
("$REQTRIAGE" import "$WORK/race.csv" -q >/dev/null 2>>"$WORK/writers.err" || echo "the import failed" >>"$WORK/writers.err") &
pids+=($!)
("$REQTRIAGE" merge 3 4 --into 2 --force -q >/dev/null 2>>"$WORK/writers.err" || echo "the merge failed" >>"$WORK/writers.err") &
pids+=($!)
wait "${pids[@]}"
# (Look-alike warnings are expected: the titles are alike.)
expect_true '! grep -v "warning: looks like" "$WORK/writers.err"' "every writer succeeded"
expect_true '[ "$(sql "SELECT count(*) FROM asks")" = $((before + 8 * 25 + 2000)) ]' "all 2200 asks are there"
expect_true '[ "$(sql "SELECT count(DISTINCT id) FROM asks")" = "$(sql "SELECT count(*) FROM asks")" ]' "no id given twice"
expect_true '[ "$(sql "SELECT count(*) FROM asks WHERE request_id = 2 AND origin_request_id IN (3, 4)")" = 2 ]' "the merge took both asks"
rt doctor
expect_rc 0 "doctor finds the store consistent after the race"

# Writers take turns, as on SQLite: one that cannot get the writer lock
# within the busy timeout fails with exit 6 and writes nothing; one that
# gets it in time goes ahead. (Another client holds the lock here.)
writer_lock=1381061719  # "RQTW"
# Holds it for $1 seconds in the background, returning once it is held.
hold_writer_lock() {
  psql -XAtq "$REQTRIAGE_DB" -c "SELECT pg_advisory_lock($writer_lock)" -c "SELECT pg_sleep($1)" >/dev/null &
  locker=$!
  until [ "$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = $writer_lock AND granted")" = 1 ]; do
    sleep 0.05
  done
}
before=$(db_state)
hold_writer_lock 3
REQTRIAGE_BUSY_TIMEOUT_MS=0 rt log "Blocked"  # 0: do not wait, as on SQLite
expect_rc 6
expect_err "reqtriage: error: $REQTRIAGE_DB: the database is busy (another reqtriage is writing); try again"
wait $locker
expect_true '[ "$(db_state)" = "$before" ]' "the busy store is unchanged"
hold_writer_lock 1
rt log "Waited"
expect_rc 0 "a writer waits for the lock within the busy timeout"
wait $locker

# migrate --to: this store into a new SQLite file and into an empty
# PostgreSQL database; the same rows come back out of each.
rt export --what asks --output "$WORK/team-asks.csv"
rt migrate --to "$WORK/local.db"
expect_rc 0
expect_true 'grep -qE "^asks +$(sql "SELECT count(*) FROM asks")\$" <<<"$OUT"' "migrate counts the asks it copied"
REQTRIAGE_DB="$WORK/local.db" rt export --what asks --output "$WORK/local-asks.csv"
expect_true 'cmp -s "$WORK/team-asks.csv" "$WORK/local-asks.csv"' "the local copy exports the same asks"
admin -c "CREATE DATABASE ${PG_DATABASE}_copy OWNER tester" >/dev/null
copy="${REQTRIAGE_DB}_copy"
REQTRIAGE_DB="$WORK/local.db" rt migrate --to "$copy"
expect_rc 0
REQTRIAGE_DB="$copy" rt export --what asks --output "$WORK/copy-asks.csv"
expect_true 'cmp -s "$WORK/team-asks.csv" "$WORK/copy-asks.csv"' "and so does the team copy of it"
REQTRIAGE_DB="$copy" rt log "New after the copy"
expect_out "$(( $(sql 'SELECT max(id) FROM requests') + 1 ))" "ids continue after the copied ones"
state=$(REQTRIAGE_DB="$copy" db_state)
REQTRIAGE_DB="$WORK/local.db" rt migrate --to "$copy"
expect_rc 1
expect_err_has "is not empty"
expect_true '[ "$(REQTRIAGE_DB="$copy" db_state)" = "$state" ]' "a copy into a store that is not empty changes nothing"
admin -c "DROP DATABASE ${PG_DATABASE}_copy WITH (FORCE)"

# A server that stops mid-import: a clear error, and nothing half-written.
cluster="$WORK/cluster"
own=$(bash "$scripts/pg-cluster.sh" start "$cluster")
expect_true '[ -n "$own" ]' "a second server starts for the password and stop tests"
if [ -n "$own" ]; then
  admin_own() { psql -XAtq "$own/postgres" "$@"; }
  admin_own -c "CREATE DATABASE stopped" >/dev/null

  # A user who must give a password: libpq's conventions, and no password
  # in any message.
  admin_own -c "CREATE ROLE carol LOGIN PASSWORD 'c4rol-pw'" -c "CREATE DATABASE carols OWNER carol" >/dev/null
  hba="$(cat "$cluster/cluster-home")/data/pg_hba.conf"
  { echo "host all carol 127.0.0.1/32 scram-sha-256"; cat "$hba"; } >"$WORK/hba" && cat "$WORK/hba" >"$hba"
  admin_own -c "SELECT pg_reload_conf()" >/dev/null
  carol="${own/reqtriage@/carol@}/carols"
  (unset PGPASSWORD; REQTRIAGE_DB="$carol" rt list)
  rt_carol() { REQTRIAGE_DB="$carol" rt "$@"; }
  PGPASSWORD=wrong-pw rt_carol list
  expect_rc 1 "a wrong password fails"
  expect_err_has "${carol}: cannot connect to the database server"
  expect_true '! grep -q wrong-pw <<<"$ERR"' "without showing the password"
  PGPASSWORD=c4rol-pw rt_carol log "Carol's request"
  expect_rc 0 "PGPASSWORD is used"
  echo "127.0.0.1:${own##*:}:carols:carol:c4rol-pw" >"$HOME/.pgpass" && chmod 600 "$HOME/.pgpass"
  rt_carol history --format tsv
  expect_rc 0 "~/.pgpass is used"
  expect_true 'grep -q "	carol	1		created" <<<"$OUT"' "the history says carol"
  rm "$HOME/.pgpass"
  REQTRIAGE_DB="${own/reqtriage@/carol:c4rol-pw@}/carols" rt show 99
  expect_rc 4
  expect_err "reqtriage: error: no request #99"

  awk 'BEGIN { print "title,account,value"; for (i = 1; i <= 20000; i++) printf "Request %d,Account %d,%d\n", i, i % 500, 1000 + i }' >"$WORK/big.csv"
  REQTRIAGE_DB="$own/stopped" "$REQTRIAGE" import "$WORK/big.csv" -q >"$WORK/stop.out" 2>"$WORK/stop.err" &
  import_pid=$!
  # Stop once the import is writing (its schema exists).
  for _ in $(seq 1 200); do
    [ "$(psql -XAtq "$own/stopped" -c "SELECT to_regclass('asks') IS NOT NULL" 2>/dev/null)" = t ] && break
    sleep 0.05
  done
  sleep 0.3
  bash "$scripts/pg-cluster.sh" stop "$cluster"
  wait "$import_pid"
  RC=$?
  ERR=$(cat "$WORK/stop.err")
  expect_rc 1 "a stopped server fails the import"
  expect_true 'grep -qE "cannot connect to the database server|connection was lost" <<<"$ERR"' "with a clear message: $ERR"
  # Started again, the server holds none of the import.
  own=$(bash "$scripts/pg-cluster.sh" start "$cluster")
  expect_true '[ "$(psql -XAtq "$own/stopped" -c "SELECT count(*) FROM asks")" = 0 ]' "no ask of the stopped import was kept"
  REQTRIAGE_DB="$own/stopped" rt doctor
  expect_rc 0 "the store is consistent after the stop"
fi
bash "$scripts/pg-cluster.sh" destroy "$cluster"
# A store written by schema version 1 (before deals) is upgraded in place,
# every row kept: the later additions are taken off a store with rows,
# and the next command puts them back.
rt log "Written by version 1" --account Acme --value 10k --quiet
old_id=$OUT
counts() { sql "SELECT (SELECT count(*) FROM requests) || '/' || (SELECT count(*) FROM asks) || '/' || (SELECT count(*) FROM history) || '/' || (SELECT count(*) FROM accounts)"; }
before_upgrade=$(counts)
sql "DROP TRIGGER asks_agree_with_their_deal ON asks; DROP TRIGGER deals_reach_their_asks ON deals;
     DROP FUNCTION reqtriage_ask_agrees_with_its_deal(); DROP FUNCTION reqtriage_deal_reaches_its_asks();
     ALTER TABLE asks DROP COLUMN deal_id; DROP TABLE deals; ALTER TABLE account_merges DROP COLUMN alias_keys;
     ALTER TABLE merges DROP COLUMN survivor_status, DROP COLUMN survivor_reason, DROP COLUMN survivor_workaround,
     DROP COLUMN survivor_target, DROP COLUMN added_links;
     ALTER TABLE requests DROP COLUMN deleted_at, DROP COLUMN delete_reason;
     CREATE INDEX requests_status ON requests(status);
     DROP TABLE request_links; ALTER TABLE requests DROP COLUMN target;
     DROP TABLE account_merges; DROP TABLE account_aliases; ALTER TABLE accounts DROP COLUMN merged_into;
     DROP INDEX asks_request; ALTER TABLE asks DROP COLUMN deal, DROP COLUMN importance, DROP COLUMN deleted_at,
     DROP COLUMN delete_reason;
     CREATE INDEX asks_request ON asks(request_id, id, account_id, value_cents, currency, stage, close_date, created_at);
     ALTER TABLE snapshots DROP COLUMN base_id; ALTER TABLE snapshot_ranks ADD COLUMN score DOUBLE PRECISION NOT NULL DEFAULT 0;
     UPDATE reqtriage_schema SET version = 1"
rt list --format json
expect_rc 0
expect_true '[ "$(sql "SELECT version FROM reqtriage_schema")" = 5 ]' "a version-1 store is upgraded"
expect_true '[ "$(counts)" = "$before_upgrade" ]' "the upgrade keeps every row"
rt log --to "$old_id" --account Acme --deal OPP-1 --importance blocker --quiet
expect_rc 0
expect_true '[ "$(sql "SELECT deal || importance FROM asks ORDER BY id DESC LIMIT 1")" = OPP-1blocker ]' "the upgraded store takes deals"
expect_true '[ "$(sql "SELECT count(*) FROM deals WHERE deal_key = '"'OPP-1'"'")" = 1 ]' "as records"

finish
