# Shared by the end-to-end tests: each runs the real binary ($REQTRIAGE) in
# its own temporary home with its own database, and checks stdout, stderr,
# the exit code and the database afterwards.
set -u
: "${REQTRIAGE:?set REQTRIAGE to the reqtriage binary}"

WORK=$(mktemp -d)
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config"
export REQTRIAGE_DB="$WORK/requests.db" REQTRIAGE_NOW="2026-11-27T10:00:00Z" USER=tester
unset REQTRIAGE_CONFIG NO_COLOR COLUMNS
mkdir -p "$HOME"

# The backend under test. With REQTRIAGE_BACKEND=postgresql the suite runs
# on a PostgreSQL database of its own on the server at $REQTRIAGE_TEST_PG (a
# URL without database; scripts/test.sh starts one), dropped at the end;
# else on an SQLite file in $WORK.
if [ "${REQTRIAGE_BACKEND:-sqlite}" = postgresql ]; then
  if [ -z "${REQTRIAGE_TEST_PG:-}" ]; then
    echo "skipped: no PostgreSQL server (set REQTRIAGE_TEST_PG, as scripts/test.sh does)"
    exit 0
  fi
  BACKEND=postgresql
  PG_DATABASE="t_$$_$RANDOM"
  # Connected as "tester", the name $USER gives on SQLite: the history
  # records the database user, so expected outputs hold on both.
  psql -XAtq "$REQTRIAGE_TEST_PG/postgres" \
    -c 'DO $$ BEGIN CREATE ROLE tester LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$' \
    -c "CREATE DATABASE $PG_DATABASE OWNER tester" >/dev/null || exit 1
  export REQTRIAGE_DB="${REQTRIAGE_TEST_PG/:\/\/*@/://tester@}/$PG_DATABASE"
  trap 'psql -XAtq "$REQTRIAGE_TEST_PG/postgres" -c "DROP DATABASE IF EXISTS $PG_DATABASE WITH (FORCE)"; rm -rf "$WORK"' EXIT
else
  BACKEND=sqlite
  trap 'rm -rf "$WORK"' EXIT
fi

# Writes FILE: a config with the import map "crm" for CSVs whose header is
# Row,Opportunity,Feature,Account,Amount,Stage (a CRM's rows with deal keys).
write_crm_map() {
  cat >"$1" <<'TOML'
[import.maps.crm]
id = "Row"
deal = "Opportunity"
title = "Feature"
account = "Account"
value = "Amount"
stage = "Stage"
TOML
}

# Runs SQL on the database under test; prints rows, columns separated by |.
sql() {
  if [ "$BACKEND" = postgresql ]; then psql -XAtq "$REQTRIAGE_DB" -c "$1"; else sqlite3 "$REQTRIAGE_DB" "$1"; fi
}

# Ends a suite (passing) that tests what only one backend has.
only_on() {
  if [ "$BACKEND" != "$1" ]; then
    echo "skipped: this suite is about $1"
    exit 0
  fi
}
# Ends a suite on PostgreSQL when it does not depend on the backend (help,
# man pages, packaging): once is enough.
independent_of_backend() { only_on sqlite; }

PASSED=0
FAILED=0
OUT=""
ERR=""
RC=0

# Runs reqtriage with the given arguments; sets OUT, ERR and RC.
rt() {
  "$REQTRIAGE" "$@" >"$WORK/.out" 2>"$WORK/.err"
  RC=$?
  OUT=$(cat "$WORK/.out")
  ERR=$(cat "$WORK/.err")
}

# Runs reqtriage with standard input from the first argument (a string).
rt_stdin() {
  local input=$1
  shift
  printf '%s' "$input" | "$REQTRIAGE" "$@" >"$WORK/.out" 2>"$WORK/.err"
  RC=$?
  OUT=$(cat "$WORK/.out")
  ERR=$(cat "$WORK/.err")
}

pass() { PASSED=$((PASSED + 1)); }
fail() {
  FAILED=$((FAILED + 1))
  printf 'FAIL: %s\n' "$1" >&2
  printf '  command stdout: %s\n  command stderr: %s\n  exit code: %s\n' "$OUT" "$ERR" "$RC" >&2
}

expect_rc() { if [ "$RC" -eq "$1" ]; then pass; else fail "${2:-exit code} expected $1"; fi; }
expect_out() {
  if [ "$OUT" == "$1" ]; then pass; else
    fail "${2:-stdout} differs; expected:"
    printf '%s\n' "$1" | diff - <(printf '%s\n' "$OUT") >&2
  fi
}
expect_err() {
  if [ "$ERR" == "$1" ]; then pass; else fail "${2:-stderr} expected: $1"; fi
}
expect_out_has() { if [[ "$OUT" == *"$1"* ]]; then pass; else fail "stdout should contain: $1"; fi; }
expect_err_has() { if [[ "$ERR" == *"$1"* ]]; then pass; else fail "stderr should contain: $1"; fi; }
expect_true() { if eval "$1"; then pass; else fail "${2:-$1}"; fi; }

# The database's rows and schema, to compare before and after a command.
db_state() {
  if [ "$BACKEND" = postgresql ]; then
    # (less the random key pg_dump writes into each dump)
    pg_dump --no-owner "$REQTRIAGE_DB" | grep -Ev '^\\(un)?restrict ' | sha256sum
  elif [ -e "$REQTRIAGE_DB" ]; then
    sqlite3 "$REQTRIAGE_DB" .dump | sha256sum
  else
    echo absent
  fi
}

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
