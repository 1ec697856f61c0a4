# Shared by the end-to-end tests: each runs the real binary ($REQTRIAGE) in
# its own temporary home with its own database, and checks stdout, stderr,
# the exit code and the database afterwards.
set -u
: "${REQTRIAGE:?set REQTRIAGE to the reqtriage binary}"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config"
export REQTRIAGE_DB="$WORK/requests.db" REQTRIAGE_NOW="2026-11-27T10:00:00Z" USER=tester
unset REQTRIAGE_CONFIG NO_COLOR COLUMNS
mkdir -p "$HOME"

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
  if [ -e "$REQTRIAGE_DB" ]; then sqlite3 "$REQTRIAGE_DB" .dump | sha256sum; else echo absent; fi
}

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
