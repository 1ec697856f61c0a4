#!/usr/bin/env bash
# Runs the bad input catalogue in bad_inputs.tsv.
source "$(dirname "$0")/lib.sh"

printf 'base_currency = "USD"\nstages_ = 1\n' >"$WORK/bad-key.toml"
printf 'default_effort = true\n' >"$WORK/bad-type.toml"
printf '[stages]\nlead = 2\n' >"$WORK/bad-range.toml"
printf 'base_currency = "USD\n' >"$WORK/bad-syntax.toml"
printf '[currencies]\neuro = 1.1\n' >"$WORK/bad-currency.toml"

rt log "Existing request" --account Acme --value 10k --tag sso
expect_rc 0 "setting up"

rows=0
while IFS=$'\t' read -r code message args; do
  [[ -z "$code" || "$code" == \#* ]] && continue
  rows=$((rows + 1))
  before=$(db_state)
  config_before=$(sha256sum "$WORK/bad-key.toml")
  eval "set -- $args"
  rt "$@"
  label="row $rows (reqtriage $args)"
  if [ "$RC" -ne "$code" ]; then fail "$label: exit code $RC, expected $code"; else pass; fi
  if [[ "$ERR" != *"$message"* ]]; then fail "$label: stderr lacks: $message"; else pass; fi
  if [ -n "$OUT" ]; then fail "$label: stdout should be empty"; else pass; fi
  if [ "$(db_state)" != "$before" ]; then fail "$label: the database changed"; else pass; fi
  if [ "$(sha256sum "$WORK/bad-key.toml")" != "$config_before" ]; then fail "$label: a config changed"; else pass; fi
done <"$(dirname "$0")/bad_inputs.tsv"

expect_true '[ "$rows" -ge 75 ]' "the catalogue has its rows"
finish
