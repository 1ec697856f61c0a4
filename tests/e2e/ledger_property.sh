#!/usr/bin/env bash
# A property test of the ledger (reqtriage(1), MONEY): random stores (deals
# over several requests and accounts, unkeyed duplicates, importance,
# merges, moves, deletes, restores, deal joins, account merges, every stage
# kind) under each account policy, and after every store the invariants:
#  - each request's figures are equal in list, show, score, export (JSON, CSV);
#  - each account's figures are its counted deals, each once, recomputed
#    here from the exported asks (the oracle below);
#  - the review's rows by status add up to its total row;
#  - the store's total equals the sum of the accounts';
#  - every rank printed in a filtered view is the company's rank;
#  - --as-of today equals now;
#  - no JSON money value has more than two decimals.
source "$(dirname "$0")/lib.sh"
export REQTRIAGE_NOW="2026-11-02T10:00:00Z"
today=2026-11-02

accounts=(Acme Globex Initech Litware)
stages=(lead qualified proposal negotiation commit closed_won closed_lost)
importances=(blocker important nice)

pick() { local -n list=$1; printf '%s' "${list[RANDOM % ${#list[@]}]}"; }

# The oracle: an account's figures from its exported asks by the ledger rule.
# On each request, the account's deals (a key, or an ask alone) of one kind
# are combined by the policy; a deal counts once if it counts on any request.
oracle='
  def weight: {"lead":0.05,"qualified":0.2,"proposal":0.4,"negotiation":0.6,"commit":0.8}[.stage] // 0.05;
  def deal_id: if .deal then "k:" + .deal else "a:" + (.id | tostring) end;
  def latest: max_by([.created_at, .id]);
  def cents: . * 100 | round;
  [.[] | select(.account == $account)] as $asks
  | ($asks | group_by(deal_id) | map({key: (.[0] | deal_id), value: latest}) | from_entries) as $deals
  | [$asks | group_by(.request_id)[]
     | [group_by(deal_id)[] | latest] | group_by(.stage_kind)[]
     | if $policy == "sum" then .[]
       elif $policy == "latest" then latest
       else (max_by([(.value // 0), .created_at, .id])) end
     | deal_id] | unique
  | map($deals[.]) as $counted
  | {value: ([$counted[] | select(.stage_kind == "open") | (.value // 0) | cents] | add // 0),
     pipeline: ([$counted[] | select(.stage_kind == "open") | ((.value // 0) * 100 * weight | round)] | add // 0),
     won: ([$counted[] | select(.stage_kind == "won") | (.value // 0) | cents] | add // 0),
     lost: ([$counted[] | select(.stage_kind == "lost") | (.value // 0) | cents] | add // 0),
     deals: ($counted | length)}'
in_cents='{value: (.value * 100 | round), pipeline: (.pipeline * 100 | round), won: (.won * 100 | round), lost: (.lost * 100 | round), deals}'

# Builds a random store: requests, asks (some on a deal of several
# requests, some an account's second unkeyed deal), then corrections.
build_store() {
  local requests=0 i account deal stage to=1
  for i in $(seq 1 20); do
    # A quarter of the asks relay the previous one's customer again on the
    # same request, without a key: an account's second deal there.
    if ((i == 1 || RANDOM % 4 != 0)); then
      account=$(pick accounts)
      to=$((requests > 0 ? RANDOM % requests + 1 : 1))
      deal=""
      ((RANDOM % 3 == 0)) && deal="OPP-$((RANDOM % 2))"
    else
      deal=""
    fi
    stage=$(pick stages)
    local args=(--account "$account" --stage "$stage" --quiet)
    ((RANDOM % 5 != 0)) && args+=(--value "$(((RANDOM % 40 + 1) * 2500))")
    ((RANDOM % 3 == 0)) && args+=(--importance "$(pick importances)")
    [ -n "$deal" ] && args+=(--deal "$deal")
    if ((requests < 2 || RANDOM % 4 == 0)); then
      rt log "Feature $i" "${args[@]}" --new
      [ "$RC" -eq 0 ] && requests=$((requests + 1)) && to=$requests
    else
      rt log --to "$to" "${args[@]}"
      # A value or stage that contradicts its deal is refused: join it as it is.
      if [ "$RC" -eq 3 ] && [ -n "$deal" ]; then
        rt log --to "$to" --account "$account" --deal "$deal" --quiet
      fi
    fi
  done
  local asks
  asks=$(sql "SELECT count(*) FROM asks")
  rt set 1 --status shipped --quiet
  rt set 2 --status in-progress --quiet
  ((requests > 3)) && rt merge 4 --into 3 --force --quiet
  rt ask "$((RANDOM % asks + 1))" --move-to "$((RANDOM % 2 + 1))" --quiet
  rt ask "$((RANDOM % asks + 1))" --delete --reason "test" --quiet
  rt ask "$((RANDOM % asks + 1))" --deal "OPP-$((RANDOM % 3))" --quiet
  local gone=$((RANDOM % asks + 1))
  rt ask "$gone" --delete --reason "junk" --quiet
  rt ask "$gone" --restore --quiet
  rt account merge "${accounts[3]}" --into "${accounts[2]}" --quiet
  ((RANDOM % 2)) && rt account unmerge "${accounts[3]}" --quiet
  return 0
}

check_store() {
  local label=$1 config_args=("${@:2}")
  # Each request's figures, the same everywhere.
  rt list --format json "${config_args[@]}"
  local list_json=$OUT
  rt score --format json "${config_args[@]}"
  local score_json=$OUT
  rt export --format json "${config_args[@]}"
  local export_json=$OUT
  rt export --format csv --columns id,value_USD,pipeline_USD,won_USD,lost_USD,deals "${config_args[@]}"
  local export_csv=$OUT
  local id shown=0
  for id in $(jq '.[].id' <<<"$list_json"); do
    local from_list from_score from_export from_show from_csv
    from_list=$(jq -c ".[] | select(.id == $id) | .totals | $in_cents" <<<"$list_json")
    # show is one process a request: the first five are enough to compare.
    if ((shown++ < 5)); then
      rt show "$id" --format json "${config_args[@]}"
      from_show=$(jq -c ".totals | $in_cents" <<<"$OUT")
    else
      from_show=$from_list
    fi
    from_export=$(jq -c ".[] | select(.id == $id) | $in_cents" <<<"$export_json")
    from_csv=$(awk -F, -v id="\"$id\"" '$1 == id { gsub(/"/, ""); printf "{\"value\":%s,\"pipeline\":%s,\"won\":%s,\"lost\":%s,\"deals\":%s}", $2, $3, $4, $5, $6 }' <<<"$export_csv" | jq -c "$in_cents")
    expect_true '[ "$from_list" = "$from_show" ] && [ "$from_show" = "$from_export" ] && [ "$from_export" = "$from_csv" ]' \
      "$label #$id: list $from_list, show $from_show, export $from_export, csv $from_csv"
    from_score=$(jq -c ".[] | select(.id == $id) | .quantities | $in_cents" <<<"$score_json")
    if [ -n "$from_score" ]; then
      expect_true '[ "$from_score" = "$from_show" ]' "$label #$id: score $from_score = show $from_show"
    fi
  done
  # Each account against the oracle; the store's total against the accounts'.
  rt export --what asks --format json "${config_args[@]}"
  local asks_json=$OUT
  rt accounts --format json "${config_args[@]}"
  local accounts_json=$OUT
  local name sum_value=0 sum_won=0
  while IFS= read -r name; do
    local shown expected
    shown=$(jq -c --arg a "$name" ".[] | select(.name == \$a) | $in_cents" <<<"$accounts_json")
    expected=$(jq -c --arg account "$name" --arg policy "$POLICY" "$oracle" <<<"$asks_json")
    expect_true '[ "$shown" = "$expected" ]' "$label account $name: shown $shown, by the ledger rule $expected"
  done < <(jq -r '.[] | select(.asks > 0) | .name' <<<"$accounts_json")
  local accounts_total
  accounts_total=$(jq -c "[.[] | $in_cents] | {value: (map(.value) | add), pipeline: (map(.pipeline) | add), won: (map(.won) | add), lost: (map(.lost) | add), deals: (map(.deals) | add)}" <<<"$accounts_json")
  # The review: rows add up to the total, and the total is the accounts'.
  rt report review --no-snapshot --format json "${config_args[@]}"
  local rows total
  rows=$(jq -c "[.value_by_status[] | select(.status != \"total\") | $in_cents] | {value: (map(.value) | add), pipeline: (map(.pipeline) | add), won: (map(.won) | add), lost: (map(.lost) | add), deals: (map(.deals) | add)}" <<<"$OUT")
  total=$(jq -c ".value_by_status[] | select(.status == \"total\") | $in_cents" <<<"$OUT")
  expect_true '[ "$rows" = "$total" ]' "$label: the status rows $rows add up to the total $total"
  expect_true '[ "$total" = "$accounts_total" ]' "$label: the store's total $total is the accounts' $accounts_total"
  # Every rank printed in a filtered view is the company's.
  local company
  company=$(jq -c '[.[] | {id, rank}] | sort_by(.id)' <<<"$score_json")
  local asking
  asking=$(jq -r '[.[] | select(.asks > 0) | .name][0]' <<<"$accounts_json")
  rt score --account "$asking" --format json "${config_args[@]}"
  local view
  view=$(jq -c '[.[] | {id, rank}] | sort_by(.id)' <<<"$OUT")
  expect_true '[ "$(jq -c --argjson all "$company" "[.[] as \$v | (\$all[] | select(.id == \$v.id)) == \$v] | all" <<<"$view")" = true ]' \
    "$label: score --account prints company ranks ($view of $company)"
  rt report accounts --format json "${config_args[@]}"
  expect_true '[ "$(jq -c --argjson all "$company" "[.. | objects | select(has(\"request_id\") and has(\"rank\") and .rank != null) | {id: .request_id, rank} as \$v | (\$all[] | select(.id == \$v.id)) == \$v] | all" <<<"$OUT")" = true ]' \
    "$label: report accounts prints company ranks"
  # --as-of today is now.
  rt score --as-of "$today" --format json "${config_args[@]}"
  expect_true '[ "$(jq -c "[.[] | {id, rank, score, quantities}]" <<<"$OUT")" = "$(jq -c "[.[] | {id, rank, score, quantities}]" <<<"$score_json")" ]' \
    "$label: score --as-of today equals score"
  # Exact money in JSON.
  local money_keys='^(value|pipeline|won|lost|arr|amount|adds_value|adds_pipeline|score)$'
  local too_precise="[paths(numbers) as \$p | select(\$p[-1] | tostring | test(\"$money_keys\")) | getpath(\$p) | tostring | select(test(\"\\\\.[0-9]{3,}\"))] | length"
  for json in "$list_json" "$score_json" "$export_json" "$accounts_json" "$asks_json"; do
    expect_true '[ "$(jq "$too_precise" <<<"$json")" = 0 ]' "$label: no JSON money with more than two decimals"
  done
}

# One store a backend in the suite (it found a bug on seed 42); more with
# LEDGER_SEEDS="1 2 3" (each about 30 s).
seeds=(42)
[ "$BACKEND" = postgresql ] && seeds=(11)
[ -n "${LEDGER_SEEDS:-}" ] && read -ra seeds <<<"$LEDGER_SEEDS"
main_db=$REQTRIAGE_DB
for seed in "${seeds[@]}"; do
  RANDOM=$seed
  # A store of its own for each seed.
  if [ "$BACKEND" = sqlite ]; then
    REQTRIAGE_DB="$WORK/seed$seed.db"
  else
    psql -XAtq "$REQTRIAGE_TEST_PG/postgres" -c "CREATE DATABASE ${PG_DATABASE}_$seed OWNER tester" >/dev/null || exit 1
    trap 'for s in "${seeds[@]}"; do psql -XAtq "$REQTRIAGE_TEST_PG/postgres" -c "DROP DATABASE IF EXISTS ${PG_DATABASE}_$s WITH (FORCE)"; done; psql -XAtq "$REQTRIAGE_TEST_PG/postgres" -c "DROP DATABASE IF EXISTS $PG_DATABASE WITH (FORCE)"; rm -rf "$WORK"' EXIT
    REQTRIAGE_DB="${main_db}_$seed"
  fi
  export REQTRIAGE_DB
  build_store
  for POLICY in max sum latest; do
    printf '[scoring]\naccount_policy = "%s"\n' "$POLICY" >"$WORK/$POLICY.toml"
    check_store "seed $seed, policy $POLICY" --config "$WORK/$POLICY.toml"
  done
done

finish
