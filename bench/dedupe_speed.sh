#!/usr/bin/env bash
# `dedupe --list` at --min-similarity 0.3, 0.5, 0.7 and 0.9 (time, pairs,
# peak memory) on 10,000 and 100,000 requests of two generators: ours
# (dedupe_quality csv: reworded real-world titles) and
# ../shared/data/gen_requests.py (templated titles from a small vocabulary,
# with descriptions), each beside the reference: scikit-learn's TF-IDF
# all-pairs cosine over the same titles (bench/sklearn_pairs.py, Debian's
# python3-sklearn), so the figures are ratios. Then `log` with its
# look-alike warning on the 100,000-request store, and detection quality.
#
# Usage: bench/dedupe_speed.sh [BUILD_DIR] [SIZES]   (default: build/release, "10000 100000")
# GEN_REQUESTS=path/to/gen_requests.py overrides where the shared generator is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
build=$(realpath "${1:-$here/../build/release}")
sizes=${2:-10000 100000}
reqtriage="$build/reqtriage"
gen_requests=${GEN_REQUESTS:-$here/../../shared/data/gen_requests.py}
thresholds="0.3 0.5 0.7 0.9"

bench_setup
write_gen_config "$work/gen.toml"

"$build/dedupe_quality" quality "$here/../tests/data/labelled_requests.tsv"

# measure NAME CSV: imports CSV into a fresh store and prints one line per threshold.
measure() {
  local name=$1 csv=$2
  export REQTRIAGE_DB="$work/$name.db"
  rm -f "$REQTRIAGE_DB"
  if [ "$name" = "${name#gen}" ]; then
    "$reqtriage" --quiet import "$csv" >/dev/null
  else
    "$reqtriage" --config "$work/gen.toml" --quiet import "$csv" --map gen --new-account >/dev/null
  fi
  local sklearn
  sklearn=$(/usr/bin/python3 "$here/sklearn_pairs.py" "$csv" $thresholds 2>/dev/null || true)
  local requests
  requests=$(sqlite3 "$REQTRIAGE_DB" "SELECT count(*) FROM requests WHERE status <> 'merged'")
  for t in $thresholds; do
    local start end ms pairs peak ref_pairs ref_s
    start=$(date +%s%N)
    pairs=$("$reqtriage" --quiet dedupe --list --min-similarity "$t" --format tsv | tail -n +2 | wc -l)
    end=$(date +%s%N)
    ms=$(((end - start) / 1000000))
    peak=$(peak_kib "$reqtriage" --quiet dedupe --list --min-similarity "$t" --format tsv)
    read -r _ ref_pairs ref_s <<<"$(grep "^$t " <<<"$sklearn" || echo "$t - 0")"
    printf '%-14s %7d requests  t=%s  dedupe %7d ms %9d pairs %7d KiB | sklearn %7s s %9s pairs | ratio %s\n' \
      "$name" "$requests" "$t" "$ms" "$pairs" "$peak" "$ref_s" "$ref_pairs" \
      "$( [ "$ref_s" != 0 ] && ratio "$ms" "$(awk -v s="$ref_s" 'BEGIN { print s * 1000 }')" || echo "n/a (no python3-sklearn)")"
  done
}

echo "(target at 100,000: <= 10 s and <= 1 GiB at every threshold)"
for size in $sizes; do
  "$build/dedupe_quality" csv "$size" >"$work/own-$size.csv"
  measure "own-$size" "$work/own-$size.csv"
  if [ -f "$gen_requests" ]; then
    python3 "$gen_requests" "$size" --seed 7 --out "$work/gen-$size.csv" --gold "$work/gen-$size-gold.csv" >/dev/null
    measure "gen-$size" "$work/gen-$size.csv"
  fi
done

export REQTRIAGE_DB="$work/own-${sizes##* }.db"
log_once() { "$reqtriage" --quiet log "Export invoices zorbat to CSV $1" --account "Account 1" --value 5k 2>/dev/null; }
log_once 0 >/dev/null
log_ms=$(time_runs 30 log_once | median_ms)
echo "log with the look-alike check on $(sqlite3 "$REQTRIAGE_DB" "SELECT count(*) FROM requests") requests: median ${log_ms} ms over 30 runs (target <= 20 ms)"
