#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, AddressSanitizer + UBSan) and runs each
# for SECONDS (default 60) from its seed corpus in tests/fuzz/corpus, after
# replaying every input in tests/fuzz/regressions. A crash leaves its input in
# build/fuzz/crashes/; copy it to tests/fuzz/regressions/TARGET/ once fixed.
#
# toml++ 3.3.0 asserts or misbehaves on some malformed TOML (its upstream
# issue 294): the config target only replays its corpus and regressions unless
# FUZZ_CONFIG=explore, so a known upstream bug cannot fail a run.
#
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
bash scripts/install-deps.sh
cmake --preset fuzz >/dev/null
targets=(csv config formula parse)
# The fuzz targets alone (the core library and them): not the command line
# or the modules, which CI builds once already, under the test preset.
cmake --build --preset fuzz --target "${targets[@]/#/fuzz_}"
mkdir -p build/fuzz/crashes
for target in "${targets[@]}"; do
  binary=build/fuzz/fuzz_$target
  seeds=tests/fuzz/corpus/$target
  regressions=tests/fuzz/regressions/$target
  mkdir -p "$regressions"
  echo "== fuzz_$target: replaying $(find "$seeds" "$regressions" -type f | wc -l) inputs"
  "$binary" -runs=0 "$seeds" "$regressions" 2>&1 | tail -1
  if [ "$target" = config ] && [ "${FUZZ_CONFIG:-}" != explore ]; then continue; fi
  work=$(mktemp -d)
  cp -r "$seeds"/. "$work"/
  echo "== fuzz_$target: exploring for ${seconds}s"
  # Inputs up to 64 KiB: long enough to reach the formula's and the config's
  # nesting and length limits (tests/fuzz/regressions holds deeper ones).
  "$binary" -max_total_time="$seconds" -max_len=65536 -artifact_prefix=build/fuzz/crashes/$target- \
    "$work" 2>&1 | grep -E "^(#[0-9]+ +DONE|Done|==[0-9]+==ERROR|SUMMARY)" || true
  rm -rf "$work"
  if ls build/fuzz/crashes/$target-* >/dev/null 2>&1; then
    echo "fuzz_$target found a crash: build/fuzz/crashes/" >&2
    exit 1
  fi
done
echo "fuzzing: no crashes"
