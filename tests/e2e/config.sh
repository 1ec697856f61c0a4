#!/usr/bin/env bash
# config check / show / init, and where the config is looked for.
source "$(dirname "$0")/lib.sh"

rt config check
expect_rc 0
expect_err "built-in defaults: OK (7 stages, 7 currencies, base USD)"

rt config show
expect_rc 0
expect_out_has 'base_currency = "USD"'
expect_out_has 'closed_won = { kind = "won", weight = 1.0 }'

rt config init
expect_rc 0
expect_err "Wrote $XDG_CONFIG_HOME/reqtriage/config.toml"
expect_true '[ -f "$XDG_CONFIG_HOME/reqtriage/config.toml" ]' "config init writes the XDG config"

rt config init
expect_rc 1
expect_err "reqtriage: error: $XDG_CONFIG_HOME/reqtriage/config.toml already exists; use --force to overwrite it"

# The XDG config is now read.
rt config check
expect_rc 0
expect_err "$XDG_CONFIG_HOME/reqtriage/config.toml: OK (7 stages, 7 currencies, base USD)"

# $REQTRIAGE_CONFIG beats it, --config beats both.
printf 'base_currency = "EUR"\n[currencies]\nUSD = 0.9\n[stages]\nopen = 0.5\nwon = 1\n' >"$WORK/eur.toml"
printf 'base_currency = "GBP"\n' >"$WORK/gbp.toml"
REQTRIAGE_CONFIG="$WORK/eur.toml" rt config check
expect_err "$WORK/eur.toml: OK (2 stages, 2 currencies, base EUR)"
REQTRIAGE_CONFIG="$WORK/eur.toml" rt config check --config "$WORK/gbp.toml"
expect_err "$WORK/gbp.toml: OK (7 stages, 1 currencies, base GBP)"

# The config's stages and currencies govern log and list.
rt --config "$WORK/eur.toml" log "Offline mode" --account Acme --value '$10k' --stage open
expect_rc 0
rt --config "$WORK/eur.toml" list --format tsv
expect_out $'id\tstatus\ttitle\tarea\ttags\taccounts\tasks\tvalue_EUR\teffort\ttarget\tclose
1\tnew\tOffline mode\t\t\t1\t1\t9000\t\t\t'
rt --config "$WORK/eur.toml" log "Other" --stage proposal
expect_rc 3
expect_err "reqtriage: error: --stage: unknown stage 'proposal': expected one of open, won"

# A broken config is exit 5 with file:line:column: key.
printf '# comment\n[stages]\nlead = "high"\n' >"$WORK/broken.toml"
rt config check --config "$WORK/broken.toml"
expect_rc 5
expect_err "reqtriage: error: $WORK/broken.toml:3:8: stages.lead: expected a probability from 0 to 1, got a string"

# init --force overwrites, writing the template that checks clean.
rt config init --config "$WORK/broken.toml" --force
expect_rc 0
rt config check --config "$WORK/broken.toml"
expect_rc 0

# show prints every section, as TOML that reads back.
printf '[import.maps.crm]\ntitle = "Feature"\ndates = "us"\n[import.maps.crm.stages]\n"Closed Won" = "closed_won"\n[dedupe]\nthreshold = 0.7\n' >"$WORK/full.toml"
rt config show --config "$WORK/full.toml"
printf '%s\n' "$OUT" >"$WORK/full-shown.toml"
rt config show --config "$WORK/full-shown.toml"
expect_rc 0
expect_out_has 'threshold = 0.7'
expect_out_has '"closed won" = "closed_won"'
expect_out_has 'dates = "us"'

rt config show --config "$WORK/eur.toml"
printf '%s\n' "$OUT" >"$WORK/shown.toml"
rt config show --config "$WORK/shown.toml"
expect_out_has 'base_currency = "EUR"'
expect_out_has 'open = { kind = "open", weight = 0.5 }'

finish
