#!/usr/bin/env bash
# Imports of both generators' rows, each beside its floor (the sqlite3 CLI
# writing the same rows into reqtriage's own schema, lib.sh), as medians of
# RUNS runs and ratios (target: within 3x), with peak memory and the size of
# the database against the CSV's (target: within 2x). Then 10,000 of the
# gen_requests.py items beside Taskwarrior's `task import` of the same items
# as JSON (target: faster), when Debian's taskwarrior is installed.
#
# Usage: bench/import_speed.sh [REQTRIAGE] [ROWS] [RUNS]   (default: the Release build, 100000, 3)
# GEN_REQUESTS=path/to/gen_requests.py overrides where the shared generator is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
reqtriage=$(realpath "${1:-$here/../build/release/reqtriage}")
rows=${2:-100000}
runs=${3:-3}
gen_requests=${GEN_REQUESTS:-$here/../../shared/data/gen_requests.py}

bench_setup
write_gen_config "$work/gen.toml"
write_crm_csv "$work/crm.csv" "$rows"
python3 "$gen_requests" "$rows" --seed 7 --out "$work/gen.csv" --gold "$work/gold.csv" >/dev/null

import_crm() { rm -f "$work/crm.db"*; REQTRIAGE_DB="$work/crm.db" "$reqtriage" --quiet import "$work/crm.csv"; }
import_gen() {
  rm -f "$work/gen.db"*
  REQTRIAGE_DB="$work/gen.db" "$reqtriage" --config "$work/gen.toml" --quiet import "$work/gen.csv" --map gen --new-account
}
floor_crm() { crm_floor_import "$reqtriage" "$work/crm.csv" "$work/floor-crm.db"; }
floor_gen() { gen_floor_import "$reqtriage" "$work/gen.csv" "$work/floor-gen.db"; }

mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }

for name in crm gen; do
  ms=$(time_runs "$runs" "import_$name" | median_ms)
  floor_ms=$(time_runs "$runs" "floor_$name" | median_ms)
  import_$name >/dev/null
  peak=$(peak_kib bash -c "$(declare -f "import_$name"); work=$work reqtriage=$reqtriage import_$name")
  requests=$(sqlite3 "$work/$name.db" "SELECT count(*) FROM requests")
  printf '%s: %d rows -> %d requests: %s ms (%.0f rows/s), floor %s ms, ratio %s (target <= 3); peak %d MiB\n' \
    "$name" "$rows" "$requests" "$ms" "$(awk -v ms="$ms" -v n="$rows" 'BEGIN { print n / (ms / 1000) }')" \
    "$floor_ms" "$(ratio "$ms" "$floor_ms")" $((peak / 1024))
  printf '%s: database %s MiB for a %s MiB CSV, ratio %s (target <= 2); the floor'"'"'s database %s MiB\n' \
    "$name" "$(mib "$work/$name.db")" "$(mib "$work/$name.csv")" \
    "$(ratio "$(stat -c %s "$work/$name.db")" "$(stat -c %s "$work/$name.csv")")" "$(mib "$work/floor-$name.db")"
done

if command -v task >/dev/null; then
  head -10001 "$work/gen.csv" >"$work/gen10k.csv"
  # The same items as Taskwarrior JSON: title as description, account as
  # project, tags, the description as an annotation, value and stage as UDAs.
  python3 - "$work/gen10k.csv" "$work/gen10k.json" <<'PY'
import csv, json, re, sys, uuid
with open(sys.argv[1], newline='') as source, open(sys.argv[2], 'w') as out:
    for i, row in enumerate(csv.DictReader(source)):
        entry = row['created_at'].replace('-', '').replace(':', '')
        out.write(json.dumps({
            'uuid': str(uuid.UUID(int=i + 1)), 'description': row['title'], 'status': 'pending', 'entry': entry,
            'project': row['account'], 'tags': [re.sub(r'\W', '_', t) for t in row['tags'].split(';') if t],
            'annotations': [{'entry': entry, 'description': row['description']}],
            'value': row['deal_value'], 'stage': row['deal_stage']}) + '\n')
PY
  printf 'data.location=%s/tasks\nconfirmation=off\nverbose=nothing\n' "$work" >"$work/taskrc"
  import_gen10k() {
    rm -f "$work/gen10k.db"*
    REQTRIAGE_DB="$work/gen10k.db" "$reqtriage" --config "$work/gen.toml" --quiet import "$work/gen10k.csv" --map gen --new-account
  }
  task_import() { rm -rf "$work/tasks"; mkdir "$work/tasks"; TASKRC="$work/taskrc" task import "$work/gen10k.json" 2>/dev/null; }
  ms=$(time_runs "$runs" import_gen10k | median_ms)
  task_ms=$(time_runs "$runs" task_import | median_ms)
  echo "10000 gen_requests.py items: reqtriage import ${ms} ms, task import ${task_ms} ms, ratio $(ratio "$ms" "$task_ms") (target < 1)"
else
  echo "Taskwarrior is not installed (apt-get install taskwarrior): no task import comparison"
fi
