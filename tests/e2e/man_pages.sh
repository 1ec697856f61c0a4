#!/usr/bin/env bash
# The man pages are clean under mandoc's linter and stay true to the program:
# a page per command with every option and the example of its --help, and
# reqtriage.toml(5) with every key of the config template.
source "$(dirname "$0")/lib.sh"
independent_of_backend
man_dir="$(dirname "$0")/../../man"

for page in "$man_dir"/*.[0-9]; do
  if mandoc -Tlint -Wwarning "$page" >"$WORK/lint" 2>&1; then pass; else
    fail "mandoc -Tlint $(basename "$page"): $(cat "$WORK/lint")"
  fi
done

# The subcommands a --help output lists.
subcommands_of() { sed -n '/^Subcommands:/,/^$/p' <<<"$1" | awk 'NF && !/Subcommands/ {print $1}'; }

# Each long option and the example of `reqtriage ARGS --help` appear in PAGE.
check_help_in_page() {
  local page=$1
  shift
  rt "$@" --help
  local help=$OUT option example
  for option in $(grep -oE '^  (-[a-z], ?)?--[a-z-]+' <<<"$help" | grep -oE -- '--[a-z-]+' | grep -v '^--help$'); do
    # mdoc writes --top as "Fl \-top": Fl adds one dash.
    expect_true "grep -qF -- '\\-${option#--}' '$page'" "$(basename "$page") documents $* $option"
  done
  example=$(sed -n '/^Example:/{n;p;}' <<<"$help" | sed 's/^ *//')
  expect_true '[ -n "$example" ]' "$* --help shows an example"
  expect_true "grep -qF -- \"\$(sed 's/\\\\/\\\\e/g' <<<'$example')\" '$page'" "$(basename "$page") shows the example of $* --help"
}

rt --help
commands=$(subcommands_of "$OUT")
expect_true '[ -n "$commands" ]' "--help lists the commands"
for command in $commands; do
  page="$man_dir/reqtriage-$command.1"
  expect_true "[ -f '$page' ]" "reqtriage-$command.1 exists"
  expect_true "grep -q '^\.Xr reqtriage-$command 1' '$man_dir/reqtriage.1'" "reqtriage.1 points to reqtriage-$command(1)"
  [ -f "$page" ] || continue
  check_help_in_page "$page" "$command"
  rt "$command" --help
  for sub in $(subcommands_of "$OUT"); do
    check_help_in_page "$page" "$command" "$sub"
  done
done

# Every key of the config template (set or shown commented out) is in
# reqtriage.toml(5), and so are the keys of a rule.
toml5="$man_dir/reqtriage.toml.5"
rt --config "$WORK/template.toml" config init
# Keys, not the names of stages, currencies, profiles or synonyms.
keys=$(awk '/^(# )?\[/ { table = $0; sub(/^# /, "", table) }
            /^(# )?[a-z_]+ = / && table !~ /^\[(currencies|stages|profiles|dedupe\.synonyms)\]/ {
              sub(/^# /, ""); print $1 }' "$WORK/template.toml" | sort -u)
expect_true '[ "$(wc -l <<<"$keys")" -gt 20 ]' "the template has its keys"
for key in $keys name tag area status account segment stage min_value needs_estimate multiply add; do
  expect_true "grep -E '^\.(It )?Ic ' '$toml5' | grep -qw -- '$key'" "reqtriage.toml.5 documents '$key'"
done
for table in currencies stages scoring profiles '[rules]' dedupe dedupe.synonyms import.maps.NAME import.maps.NAME.stages; do
  expect_true "grep -qF '.Ss [$table]' '$toml5'" "reqtriage.toml.5 has a section for [$table]"
done
finish
