#!/usr/bin/env bash
# `--as-of` on a store of REQUESTS requests (3 asks each) with a year of
# history: requests and asks created week by week, status changes, stage
# changes, 5% of requests merged, account renames. `score` and the reports
# as of a day half a year back, each beside the same command without
# --as-of (target: within 3x), with peak memory.
#
# Usage: bench/as_of_speed.sh [REQTRIAGE] [REQUESTS] [RUNS]   (default: the Release build, 100000, 3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
reqtriage=$(realpath "${1:-$here/../build/release/reqtriage}")
requests=${2:-100000}
runs=${3:-3}

bench_setup
export REQTRIAGE_DB="$work/year.db"
fill_db "$reqtriage" "$requests" 3
echo "Writing a year of history..." >&2
# Day d of the year (0-364) as a timestamp from 2025-12-01.
sqlite3 "$REQTRIAGE_DB" <<SQL
BEGIN;
UPDATE requests SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', '2025-12-01', '+' || ((id * 365) / ($requests + 2)) || ' days'),
                    updated_at = created_at;
UPDATE asks SET created_at = (SELECT strftime('%Y-%m-%dT%H:%M:%SZ', r.created_at, '+' || (asks.id % 30) || ' hours')
                              FROM requests r WHERE r.id = asks.request_id);
DELETE FROM history;
CREATE TEMP TABLE events (at TEXT, request_id INTEGER, account_id INTEGER, action TEXT, field TEXT,
                          old_value TEXT, new_value TEXT);
INSERT INTO events SELECT created_at, id, NULL, 'created', 'title', '', title FROM requests;
INSERT INTO events SELECT a.created_at, a.request_id, a.account_id, 'ask-added', 'ask', '',
                          '#' || a.id || ' Account ' || a.account_id FROM asks a;
-- A fifth of the requests triaged a week after they came, then planned a month later.
UPDATE requests SET status = 'planned' WHERE id % 5 = 0;
INSERT INTO events SELECT strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+7 days'), id, NULL, 'changed', 'status', 'new', 'triaged'
  FROM requests WHERE id % 5 = 0;
INSERT INTO events SELECT strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+37 days'), id, NULL, 'changed', 'status', 'triaged', 'planned'
  FROM requests WHERE id % 5 = 0;
-- A third of the asks moved on a stage two weeks after they came.
UPDATE asks SET stage = 'commit' WHERE id % 3 = 0;
INSERT INTO events SELECT strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+14 days'), request_id, NULL, 'ask-changed',
                          'ask #' || id || ' stage', 'lead', 'commit' FROM asks WHERE id % 3 = 0;
-- One request in 20 merged into the one before it, ten days after it came.
INSERT INTO merges (merged_id, survivor_id, previous_status, previous_reason, previous_updated_at, survivor_updated_at,
                    added_tags, at)
  SELECT id, id - 1, status, '', created_at, created_at, '', strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+10 days')
  FROM requests WHERE id % 20 = 3;
UPDATE requests SET status = 'merged', merged_into = id - 1 WHERE id % 20 = 3;
UPDATE asks SET request_id = request_id - 1 WHERE request_id % 20 = 3;
INSERT INTO events SELECT at, merged_id, NULL, 'merged', 'merged_into', '', '#' || survivor_id FROM merges;
-- Ten accounts renamed a month.
INSERT INTO events SELECT strftime('%Y-%m-%dT%H:%M:%SZ', '2025-12-01', '+' || (id % 365) || ' days'), NULL, id,
                          'account-renamed', 'name', 'Old account ' || id, name FROM accounts WHERE id % 8 = 0;
INSERT INTO history (at, actor, request_id, account_id, action, field, old_value, new_value)
  SELECT at, 'bench', request_id, account_id, action, field, old_value, new_value FROM events ORDER BY at;
COMMIT;
SQL
echo "$(sqlite3 "$REQTRIAGE_DB" "SELECT count(*) FROM history") history rows; as of 2026-06-01:" \
     "$(sqlite3 "$REQTRIAGE_DB" "SELECT count(*) FROM history WHERE at > '2026-06-01T23:59:59Z'") to undo"

compare() {
  local name=$1
  shift
  local now_ms past_ms peak
  now_ms=$(time_runs "$runs" without_run_number "$reqtriage" "$@" | median_ms)
  past_ms=$(time_runs "$runs" without_run_number "$reqtriage" "$@" --as-of 2026-06-01 | median_ms)
  peak=$(peak_kib "$reqtriage" "$@" --as-of 2026-06-01)
  printf '%-16s now %9s ms | --as-of 2026-06-01 %9s ms, peak %4d MiB | ratio %s (target <= 3)\n' \
    "$name" "$now_ms" "$past_ms" $((peak / 1024)) "$(ratio "$past_ms" "$now_ms")"
}
compare "score" score
compare "report review" report review --no-snapshot
compare "report accounts" report accounts
