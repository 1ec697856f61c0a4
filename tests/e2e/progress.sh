#!/usr/bin/env bash
# Long work shows progress on stderr when it is a terminal (here a
# pseudo-terminal from script(1)), and never with --quiet or when stderr is a
# file or a pipe.
source "$(dirname "$0")/lib.sh"
independent_of_backend

awk 'BEGIN { print "title,account,value"
             for (i = 1; i <= 6000; i++) printf "Request number %d about subject %d,Account %d,%d\n", i, i, i % 300, 1000 + i }' \
  >"$WORK/big.csv"

# Runs reqtriage with stderr on a pseudo-terminal and stdout discarded; sets
# TTY to what the terminal showed.
on_terminal() {
  local command
  command=$(printf '%q ' "$REQTRIAGE" "$@")
  TTY=$(script -qec "$command >/dev/null" /dev/null | tr -d '\r')
}

on_terminal import "$WORK/big.csv"
expect_true 'grep -q "importing $WORK/big.csv: 6000" <<<"$TTY"' "import shows its progress (rows read) on a terminal"
expect_true 'grep -q "Imported $WORK/big.csv: 6000 new asks" <<<"$TTY"' "the import's summary follows"
expect_true 'grep -qF $'"'"'\033[K'"'"' <<<"$TTY"' "the progress line is cleared"

on_terminal export --what asks --output "$WORK/asks.csv"
expect_true 'grep -q "exporting asks: 6000" <<<"$TTY"' "export shows how many rows it wrote so far"
on_terminal dedupe --list
expect_true 'grep -Eq "comparing requests: [0-9]+/6000 \([0-9]+%\)" <<<"$TTY"' "dedupe shows its progress (by chunks of requests, compared on every core)"

on_terminal --quiet export --what asks --output "$WORK/asks.csv"
expect_true '! grep -q "exporting" <<<"$TTY"' "--quiet hides progress"

rt export --what asks --output "$WORK/asks.csv"
expect_true '[ $RC -eq 0 ] && ! grep -q "exporting" <<<"$ERR"' "no progress when stderr is not a terminal"
rt import "$WORK/big.csv"
expect_true '! grep -q "importing" <<<"$ERR"' "no import progress when stderr is not a terminal"
finish
