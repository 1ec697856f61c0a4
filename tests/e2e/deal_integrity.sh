#!/usr/bin/env bash
# A property test of deal integrity (reqtriage(1), MONEY): random sequences of
# logs, --to, ask corrections (value, deal, account), moves, deletes,
# restores, imports and account merges and unmerges, one a day. After every
# step:
#  - every deal (an account's key) has one amount and one stage on all its
#    asks, in the asks' export and in the database's deal records;
#  - each account's figures add up to the store's total (the ledger's own
#    invariants are property-tested in ledger_property.sh);
# and at the end --as-of each earlier day ranks exactly as that day did.
source "$(dirname "$0")/lib.sh"

accounts=(Acme Globex Initech)
stages=(lead proposal negotiation closed_won)
pick() { local -n list=$1; printf '%s' "${list[RANDOM % ${#list[@]}]}"; }
day_of() { printf '2026-10-%02d' "$1"; }
count() { sql "SELECT count(*) FROM $1"; }

write_crm_map "$WORK/crm.toml"

# One random step; a refusal (exit 3) is a fine outcome, anything else not.
random_step() {
  local step=$1 asks requests account deal
  asks=$(count asks)
  requests=$(sql "SELECT count(*) FROM requests WHERE status <> 'merged'")
  account=$(pick accounts)
  deal="D-$((RANDOM % 3))"
  local ask=$((asks > 0 ? RANDOM % asks + 1 : 1))
  local to
  to=$(sql "SELECT id FROM requests WHERE status <> 'merged' ORDER BY id LIMIT 1 OFFSET $((RANDOM % (requests > 0 ? requests : 1)))")
  case $((asks < 3 ? 0 : RANDOM % 11)) in
    0) rt log "Feature $step" --account "$account" --deal "$deal" --value "$(((RANDOM % 20 + 1) * 5))k" \
         --stage "$(pick stages)" --new --quiet ;;
    1) rt log "Feature $step" --account "$account" --value "$(((RANDOM % 20 + 1) * 5))k" --new --quiet ;;
    2) rt log --to "$to" --account "$account" --deal "$deal" --quiet ;;
    3) rt ask "$ask" --value "$(((RANDOM % 20 + 1) * 5))k" --stage "$(pick stages)" --quiet ;;
    4) rt ask "$ask" --deal "$deal" --quiet ;;
    5) rt ask "$ask" --account "$account" --quiet ;;
    6) rt ask "$ask" --move-to "$to" --quiet ;;
    7) rt ask "$ask" --delete --reason "step $step" --quiet ;;
    8) rt ask "$ask" --restore --quiet ;;
    9) printf 'Row,Opportunity,Feature,Account,Amount,Stage\nR%d,%s,Feature %d,%s,%d,%s\n' "$step" "$deal" \
         "$step" "$account" "$(((RANDOM % 20 + 1) * 5000))" "$(pick stages)" >"$WORK/step.csv"
       rt import "$WORK/step.csv" --map crm --config "$WORK/crm.toml" --quiet ;;
    10) if ((RANDOM % 2)); then
          rt account merge "$account" --into "$(pick accounts)" --quiet
        else
          rt account unmerge "$account" --quiet
        fi ;;
  esac
  # 3: refused; 4: no such ask, or no merge to undo (a random pick).
  expect_true '[ "$RC" -eq 0 ] || [ "$RC" -eq 3 ] || [ "$RC" -eq 4 ]' "step $step ends cleanly (exit $RC): $ERR"
}

check_deals() {
  local label=$1
  rt export --what asks --format json
  local split
  split=$(jq -c '[.[] | select(.deal != null)] | group_by([.account, .deal])[]
                 | select(([.[] | [.value, .stage]] | unique | length) > 1) | [.[0].account, .[0].deal]' <<<"$OUT")
  expect_true '[ -z "$split" ]' "$label: every deal has one amount and one stage on all its asks ($split)"
  local disagreeing
  disagreeing=$(sql "SELECT count(*) FROM asks a JOIN deals d ON d.id = a.deal_id WHERE a.deal <> d.deal_key
                     OR coalesce(a.account_id, 0) <> coalesce(d.account_id, 0)
                     OR coalesce(a.value_cents, -1) <> coalesce(d.value_cents, -1) OR a.stage <> d.stage")
  expect_true '[ "$disagreeing" = 0 ] && [ "$(sql "SELECT count(*) FROM asks WHERE (deal <> '"''"') <> (deal_id IS NOT NULL)")" = 0 ]' \
    "$label: every keyed ask points at a deal record that says what it says"
  rt accounts --format json
  local accounts_value
  accounts_value=$(jq '[.[] | .value * 100 | round] | add // 0' <<<"$OUT")
  rt report review --format json
  expect_true '[ "$(jq '"'"'.value_by_status[] | select(.status == "total") | .value * 100 | round'"'"' <<<"$OUT")" = "$accounts_value" ]' \
    "$label: the accounts add up to the store's total"
}

seed=${DEAL_SEED:-7}
[ "$BACKEND" = postgresql ] && seed=${DEAL_SEED:-13}
RANDOM=$seed
steps=24
for step in $(seq 1 $steps); do
  export REQTRIAGE_NOW="$(day_of "$step")T10:00:00Z"
  random_step "$step"
  check_deals "seed $seed, step $step"
  rt score --format json
  jq -c '[.[] | {id, rank, score, quantities}]' <<<"$OUT" >"$WORK/score.$step"
done
export REQTRIAGE_NOW="$(day_of $((steps + 1)))T10:00:00Z"
for step in $(seq 1 $steps); do
  rt score --as-of "$(day_of "$step")" --format json
  expect_true '[ "$(jq -c "[.[] | {id, rank, score, quantities}]" <<<"$OUT")" = "$(cat "$WORK/score.$step")" ]' \
    "seed $seed: --as-of $(day_of "$step") ranks as that day did"
done

finish
