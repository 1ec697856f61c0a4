# Shared by the benchmarks: a private work folder, a database of generated
# requests, and timing.

# bench_setup: a temporary folder ($work, removed at exit) as home, with no
# config of the user's in the way.
bench_setup() {
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  export HOME="$work" XDG_CONFIG_HOME="$work/config"
  unset REQTRIAGE_CONFIG
}

# fill_db REQTRIAGE REQUESTS ASKS_PER_REQUEST: creates $REQTRIAGE_DB through
# reqtriage (so the schema is the real one), then bulk-inserts requests, their
# asks over 1,000 accounts, tags and history with the sqlite3 CLI.
fill_db() {
  local reqtriage=$1 requests=$2 asks_per_request=$3
  "$reqtriage" --quiet log "seed" >/dev/null
  echo "Filling $REQTRIAGE_DB: $requests requests, $((requests * asks_per_request)) asks..." >&2
  sqlite3 "$REQTRIAGE_DB" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO accounts (name, name_key, segment, arr_cents, arr_currency, created_at, updated_at)
  SELECT 'Account ' || i, 'account ' || i, CASE i % 3 WHEN 0 THEN 'enterprise' ELSE 'smb' END,
         100 * (10000 + i * 100), 'USD', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $requests + 1)
INSERT INTO requests (id, title, title_key, area, effort, created_at, updated_at)
  SELECT i, 'Generated request number ' || i || ' about feature ' || (i % 997),
         'generated request number ' || i || ' about feature ' || (i % 997), 'area' || (i % 20),
         CASE WHEN i % 4 = 0 THEN NULL ELSE 1 + i % 13 END,
         '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < $asks_per_request)
INSERT INTO asks (request_id, origin_request_id, account_id, value_cents, currency, stage, close_date, created_at)
  SELECT r.id, r.id, 1 + (r.id * 7 + k.j * 131) % 1000, 100 * (1000 + (r.id * k.j) % 90000),
         CASE k.j % 3 WHEN 0 THEN 'EUR' ELSE 'USD' END,
         CASE (r.id + k.j) % 5 WHEN 0 THEN 'lead' WHEN 1 THEN 'qualified' WHEN 2 THEN 'proposal'
                               WHEN 3 THEN 'negotiation' ELSE 'commit' END,
         '2027-0' || (1 + (r.id + k.j) % 9) || '-15', '2026-0' || (1 + k.j % 9) || '-01T00:00:00Z'
  FROM requests r, k WHERE r.id > 1;
INSERT INTO request_tags (request_id, tag) SELECT id, 'tag' || (id % 50) FROM requests;
-- The title words, as reqtriage indexes them (basic_tokens).
WITH words(word) AS (VALUES ('generat'), ('request'), ('number'), ('about'), ('feature'))
INSERT OR IGNORE INTO request_terms (term, request_id) SELECT word, id FROM requests, words WHERE id > 1;
INSERT OR IGNORE INTO request_terms (term, request_id) SELECT CAST(id AS TEXT), id FROM requests WHERE id > 1;
INSERT OR IGNORE INTO request_terms (term, request_id) SELECT CAST(id % 997 AS TEXT), id FROM requests WHERE id > 1;
INSERT INTO history (at, actor, request_id, action, field, new_value)
  SELECT created_at, 'bench', id, 'created', 'title', title FROM requests;
COMMIT;
SQL
}

# write_crm_csv FILE [ROWS]: ROWS (default 100,000) CRM rows (a
# Salesforce-like export with an opportunity id), 30,000 distinct requests
# over 1,000 accounts.
write_crm_csv() {
  awk -v rows="${2:-100000}" 'BEGIN {
    srand(7); print "Opportunity ID,Feature Request,Account Name,Amount,Stage,Close Date,Owner,Notes"
    split("lead qualified proposal negotiation commit", stages, " ")
    for (i = 1; i <= rows; i++) {
      printf "OPP-%06d,Feature number %d for the product,Account %d,%d,%s,2027-%02d-%02d,rep%d,\"Customer said, verbatim: we need feature %d\"\n",
        i, int(rand() * 30000), int(rand() * 1000), 1000 + int(rand() * 200000), stages[1 + int(rand() * 5)],
        1 + int(rand() * 12), 1 + int(rand() * 28), int(rand() * 40), i
    }
  }' >"$1"
}

# median_ms: reads timings in microseconds, one a line; prints the median in ms.
median_ms() {
  sort -n | awk '{ t[NR] = $1 } END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.2f", m / 1000 }'
}

# time_runs RUNS COMMAND...: runs COMMAND RUN_NUMBER, prints each run's microseconds.
time_runs() {
  local runs=$1
  shift
  for ((i = 0; i < runs; i++)); do
    local start=${EPOCHREALTIME/./}
    "$@" "$i" >/dev/null
    local end=${EPOCHREALTIME/./}
    echo $((end - start))
  done
}

# without_run_number COMMAND... RUN_NUMBER: runs COMMAND, its output
# discarded, leaving off the run number time_runs appends.
without_run_number() { "${@:1:$#-1}" >/dev/null; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# peak_kib COMMAND...: the command's peak resident memory in KiB.
peak_kib() {
  { /usr/bin/time -f %M "$@" >/dev/null; } 2>&1 | tail -1
}

# write_gen_config FILE: a config whose import map "gen" reads the columns of
# ../shared/data/gen_requests.py.
write_gen_config() {
  cat >"$1" <<'TOML'
[import.maps.gen]
title = "title"
description = "description"
account = "customer"
value = "deal_value"
stage = "deal_stage"
effort = "effort"
tags = "tags"
rep = "requested_by"

[import.maps.gen.stages]
prospecting = "lead"
discovery = "lead"
qualification = "qualified"
proposal = "proposal"
negotiation = "negotiation"
renewal = "commit"
closed_won = "closed_won"
closed_lost = "closed_lost"
TOML
}

# The floors of an import that keeps reqtriage's promises: the sqlite3 CLI
# itself importing the same CSV into reqtriage's own schema (its indexes, the
# unique import key, history), through a view and a trigger, with the page
# cache reqtriage uses. Nothing is looked up or checked, so reqtriage can
# only be slower.

# crm_floor_import REQTRIAGE CSV DB: write_crm_csv rows as asks spread over
# 30,000 requests, one history row each; no requests, titles or accounts are
# created.
crm_floor_import() {
  local reqtriage=$1 csv=$2 db=$3
  rm -f "$db"*
  REQTRIAGE_DB="$db" "$reqtriage" --quiet log "seed" >/dev/null
  sqlite3 "$db" \
    "CREATE VIEW incoming (id, title, account, amount, stage, close, owner, notes) AS SELECT 1, 1, 1, 1, 1, 1, 1, 1;" \
    "CREATE TRIGGER incoming_row INSTEAD OF INSERT ON incoming BEGIN
       INSERT INTO asks (request_id, origin_request_id, value_cents, currency, stage, close_date, rep, note, created_at, import_key)
         VALUES (1 + abs(random()) % 30000, 1, new.amount * 100, 'USD', new.stage, new.close, new.owner, new.notes,
                 '2026-11-27T00:00:00Z', 'id:' || new.id);
       INSERT INTO history (at, actor, request_id, action, field, new_value)
         VALUES ('2026-11-27T00:00:00Z', 'bench', 1, 'ask-added', 'ask', '#' || last_insert_rowid() || ' ' || new.account);
     END;" \
    "PRAGMA cache_size = -32768" ".mode csv" "BEGIN" ".import --skip 1 $csv incoming" "COMMIT"
}

# gen_floor_import REQTRIAGE CSV DB: gen_requests.py rows, each a new
# request (title, its key, description, effort), its tags and title words,
# one ask, and the two history rows reqtriage writes (created, ask-added).
gen_floor_import() {
  local reqtriage=$1 csv=$2 db=$3
  rm -f "$db"*
  REQTRIAGE_DB="$db" "$reqtriage" --quiet log "seed" >/dev/null
  sqlite3 "$db" \
    "CREATE VIEW incoming (title, description, customer, account, deal_value, deal_stage, effort, tags, requested_by,
                           created_at) AS SELECT 1, 1, 1, 1, 1, 1, 1, 1, 1, 1;" \
    "CREATE TRIGGER incoming_row INSTEAD OF INSERT ON incoming BEGIN
       INSERT INTO requests (title, title_key, description, effort, created_at, updated_at)
         VALUES (new.title, lower(new.title), new.description, new.effort, '2026-11-27T00:00:00Z', '2026-11-27T00:00:00Z');
       INSERT OR IGNORE INTO request_tags (request_id, tag)
         SELECT last_insert_rowid(), value FROM json_each('[\"' || replace(new.tags, ';', '\",\"') || '\"]');
       INSERT OR IGNORE INTO request_terms (term, request_id)
         SELECT value, (SELECT max(id) FROM requests) FROM json_each('[\"' || replace(lower(new.title), ' ', '\",\"') || '\"]');
       INSERT INTO history (at, actor, request_id, action, field, new_value)
         VALUES ('2026-11-27T00:00:00Z', 'bench', (SELECT max(id) FROM requests), 'created', 'title', new.title);
       INSERT INTO asks (request_id, origin_request_id, value_cents, currency, stage, rep, created_at, import_key)
         VALUES ((SELECT max(id) FROM requests), (SELECT max(id) FROM requests), new.deal_value * 100, 'USD',
                 new.deal_stage, new.requested_by, '2026-11-27T00:00:00Z', 'fp:' || new.title || new.customer);
       INSERT INTO history (at, actor, request_id, action, field, new_value)
         VALUES ('2026-11-27T00:00:00Z', 'bench', (SELECT max(id) FROM requests), 'ask-added', 'ask',
                 '#' || last_insert_rowid() || ' ' || new.customer);
     END;" \
    "PRAGMA cache_size = -32768" ".mode csv" "BEGIN" ".import --skip 1 $csv incoming" "COMMIT"
}

# One SQL aggregate of the quantities `score` ranks by (each ask's value in
# USD times its stage's weight, over the effort), the top 50: the reference
# for `score --top 50` on either engine.
score_aggregate_sql="
  SELECT r.id, sum(a.value_cents / 100.0 * (CASE a.currency WHEN 'EUR' THEN 1.08 ELSE 1 END)
                   * (CASE a.stage WHEN 'lead' THEN 0.05 WHEN 'qualified' THEN 0.2
                      WHEN 'proposal' THEN 0.4 WHEN 'negotiation' THEN 0.6 WHEN 'commit' THEN 0.8
                      ELSE 1 END)) / coalesce(r.effort, 3) AS score
  FROM requests r JOIN asks a ON a.request_id = r.id
  WHERE r.status IN ('new', 'triaged', 'planned', 'in-progress')
  GROUP BY r.id ORDER BY score DESC LIMIT 50"
