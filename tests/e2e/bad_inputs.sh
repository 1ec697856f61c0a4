#!/usr/bin/env bash
# Runs the bad input catalogue in bad_inputs.tsv.
source "$(dirname "$0")/lib.sh"

printf 'base_currency = "USD"\nstages_ = 1\n' >"$WORK/bad-key.toml"
printf 'default_effort = true\n' >"$WORK/bad-type.toml"
printf '[stages]\nlead = 2\n' >"$WORK/bad-range.toml"
printf 'base_currency = "USD\n' >"$WORK/bad-syntax.toml"
printf '[currencies]\neuro = 1.1\n' >"$WORK/bad-currency.toml"

printf '[profiles.deep]\nformula = "%s1%s"\n' "$(printf '(%.0s' {1..70})" "$(printf ')%.0s' {1..70})" >"$WORK/deep-formula.toml"
printf '[profiles.minus]\nformula = "%s1"\n' "$(printf -- '-%.0s' {1..200})" >"$WORK/minus-formula.toml"
{ printf 'a'; printf '.a%.0s' {1..40000}; printf ' = 1\n'; } >"$WORK/deep-key.toml"
{ printf '['; printf 'a.%.0s' {1..40000}; printf 'a]\n'; } >"$WORK/deep-header.toml"
{ printf 'x = '; printf '[%.0s' {1..5000}; printf '1'; printf ']%.0s' {1..5000}; printf '\n'; } >"$WORK/deep-array.toml"
head -c 2000000 /dev/zero | tr '\0' '#' >"$WORK/huge.toml"
printf 'base_currency = "USD"\n' >"$WORK/ok.toml"
ln -s /dev/zero "$WORK/zero.toml"
mkdir "$WORK/folder.toml"
mkfifo "$WORK/fifo.db"
printf 'base_currency = "EUR"\n[currencies]\nEUR = 1.08\nGBP = 1.27\n' >"$WORK/usd-rates.toml"
printf 'Title,Company name,Deal owner,Pipeline\nSSO,Acme,dana,new\n' >"$WORK/hubspot.csv"
printf 'id,title,account\nOPP-1,SSO,Acme\nOPP-1,SAML,Beta\n' >"$WORK/dup-id.csv"
printf 'title,value,Value\nSSO,5k,6k\n' >"$WORK/dup-header.csv"
printf 'title\nSSO\n' | iconv -t UTF-16 >"$WORK/utf16.csv"
printf 'title,account\nSSO,Acme\n' >"$WORK/no-folder-output.csv"

rt log "Existing request" --account Acme --value 10k --tag sso
expect_rc 0 "setting up"
rt log "Second request" --account Beta --value 20k
expect_rc 0 "setting up"

rows=0
# Taken once: no row may change it (taken again after one that did, so one
# failure is reported once).
before=$(db_state)
while IFS=$'\t' read -r code message args; do
  [[ -z "$code" || "$code" == \#* ]] && continue
  rows=$((rows + 1))
  message=${message//\$WORK/$WORK}
  config_before=$(sha256sum "$WORK/bad-key.toml")
  eval "set -- $args"
  rt "$@"
  label="row $rows (reqtriage $args)"
  if [ "$RC" -ne "$code" ]; then fail "$label: exit code $RC, expected $code"; else pass; fi
  if [[ "$ERR" != *"$message"* ]]; then fail "$label: stderr lacks: $message"; else pass; fi
  if [ -n "$OUT" ]; then fail "$label: stdout should be empty"; else pass; fi
  after=$(db_state)
  if [ "$after" != "$before" ]; then fail "$label: the database changed"; before=$after; else pass; fi
  if [ "$(sha256sum "$WORK/bad-key.toml")" != "$config_before" ]; then fail "$label: a config changed"; else pass; fi
done <"$(dirname "$0")/bad_inputs.tsv"

expect_true '[ "$rows" -ge 120 ]' "the catalogue has its rows"
finish
