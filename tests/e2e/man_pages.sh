#!/usr/bin/env bash
# The man pages are clean under mandoc's linter and cover every command.
source "$(dirname "$0")/lib.sh"
man_dir="$(dirname "$0")/../../man"

for page in "$man_dir"/*.[0-9]; do
  if mandoc -Tlint -Wwarning "$page" >"$WORK/lint" 2>&1; then pass; else
    fail "mandoc -Tlint $(basename "$page"): $(cat "$WORK/lint")"
  fi
done

# Every command in --help has a section in reqtriage.1.
rt --help
commands=$(sed -n '/^Subcommands:/,/^$/p' <<<"$OUT" | awk 'NF && !/Subcommands/ {print $1}')
expect_true '[ -n "$commands" ]' "--help lists the commands"
for command in $commands; do
  expect_true "grep -q '^\.Ss $command\$' '$man_dir/reqtriage.1'" "reqtriage.1 documents '$command'"
done
finish
