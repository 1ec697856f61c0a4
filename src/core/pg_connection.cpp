// The PostgreSQL engine of the store: a shared team database. Its schema and
// migrations, its statements, transactions and errors. libpqxx is seen only
// here.
#include <fmt/format.h>

#include <pqxx/pqxx>

#include <algorithm>
#include <optional>

#include "engines.hpp"
#include "reqtriage/error.hpp"

namespace reqtriage {
namespace {

/// "RQTR", as SQLite's application_id: the lock migrations hold.
constexpr std::int64_t migration_lock = 0x52515452;
/// "RQTW": the lock every write transaction holds, one writer at a time.
constexpr std::int64_t writer_lock = 0x52515457;

/// One step from version - 1 to version. Text compares byte by byte
/// (COLLATE "C"), as on SQLite, so lists sort the same on both engines.
struct Migration {
  int version;
  const char* sql;
};

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> steps{
      {1, R"sql(
CREATE TABLE reqtriage_schema (version INTEGER NOT NULL);
INSERT INTO reqtriage_schema VALUES (0);
CREATE TABLE accounts (
  id BIGINT PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL,
  name_key TEXT COLLATE "C" NOT NULL UNIQUE,
  segment TEXT COLLATE "C" NOT NULL DEFAULT '',
  arr_cents BIGINT CHECK (arr_cents >= 0),
  arr_currency TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE requests (
  id BIGINT PRIMARY KEY,
  title TEXT COLLATE "C" NOT NULL CHECK (title <> ''),
  title_key TEXT COLLATE "C" NOT NULL DEFAULT '',
  description TEXT COLLATE "C" NOT NULL DEFAULT '',
  area TEXT COLLATE "C" NOT NULL DEFAULT '',
  effort DOUBLE PRECISION CHECK (effort >= 0),
  status TEXT COLLATE "C" NOT NULL DEFAULT 'new' CHECK (status IN
    ('new', 'triaged', 'planned', 'in-progress', 'shipped', 'declined', 'merged')),
  reason TEXT COLLATE "C" NOT NULL DEFAULT '',
  workaround TEXT COLLATE "C" NOT NULL DEFAULT '',
  merged_into BIGINT REFERENCES requests(id),
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX requests_status ON requests(status);
CREATE INDEX requests_area ON requests(area);
CREATE INDEX requests_title_key ON requests(title_key);
CREATE TABLE request_tags (
  request_id BIGINT NOT NULL REFERENCES requests(id),
  tag TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (request_id, tag)
);
CREATE INDEX request_tags_tag ON request_tags(tag);
CREATE TABLE asks (
  id BIGINT PRIMARY KEY,
  request_id BIGINT NOT NULL REFERENCES requests(id),
  account_id BIGINT REFERENCES accounts(id),
  value_cents BIGINT CHECK (value_cents >= 0),
  currency TEXT COLLATE "C",
  stage TEXT COLLATE "C" NOT NULL DEFAULT '',
  close_date TEXT COLLATE "C" NOT NULL DEFAULT '',
  rep TEXT COLLATE "C" NOT NULL DEFAULT '',
  source TEXT COLLATE "C" NOT NULL DEFAULT '',
  note TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_at TEXT COLLATE "C" NOT NULL,
  import_key TEXT COLLATE "C" UNIQUE,
  origin_request_id BIGINT NOT NULL REFERENCES requests(id),
  CHECK ((value_cents IS NULL) = (currency IS NULL))
);
CREATE INDEX asks_moved ON asks(origin_request_id) WHERE origin_request_id <> request_id;
CREATE INDEX asks_request ON asks(request_id, id, account_id, value_cents, currency, stage,
                                  close_date, created_at);
CREATE TABLE history (
  id BIGINT PRIMARY KEY,
  at TEXT COLLATE "C" NOT NULL,
  actor TEXT COLLATE "C" NOT NULL,
  request_id BIGINT REFERENCES requests(id),
  account_id BIGINT REFERENCES accounts(id),
  action TEXT COLLATE "C" NOT NULL,
  field TEXT COLLATE "C" NOT NULL DEFAULT '',
  old_value TEXT COLLATE "C" NOT NULL DEFAULT '',
  new_value TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX history_request ON history(request_id);
CREATE TABLE merges (
  id BIGINT PRIMARY KEY,
  merged_id BIGINT NOT NULL REFERENCES requests(id),
  survivor_id BIGINT NOT NULL REFERENCES requests(id),
  previous_status TEXT COLLATE "C" NOT NULL,
  previous_reason TEXT COLLATE "C" NOT NULL,
  previous_updated_at TEXT COLLATE "C" NOT NULL,
  survivor_updated_at TEXT COLLATE "C" NOT NULL,
  added_tags TEXT COLLATE "C" NOT NULL,
  at TEXT COLLATE "C" NOT NULL,
  undone_at TEXT COLLATE "C"
);
CREATE INDEX merges_merged ON merges(merged_id);
CREATE TABLE snapshots (
  id BIGINT PRIMARY KEY,
  taken_at TEXT COLLATE "C" NOT NULL,
  profile TEXT COLLATE "C" NOT NULL
);
CREATE TABLE snapshot_ranks (
  snapshot_id BIGINT NOT NULL REFERENCES snapshots(id),
  request_id BIGINT NOT NULL REFERENCES requests(id),
  rank INTEGER NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (snapshot_id, request_id)
);
CREATE TABLE not_duplicates (
  a BIGINT NOT NULL REFERENCES requests(id),
  b BIGINT NOT NULL REFERENCES requests(id),
  at TEXT COLLATE "C" NOT NULL,
  actor TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (a, b),
  CHECK (a < b)
);
CREATE TABLE request_terms (
  term TEXT COLLATE "C" NOT NULL,
  request_id BIGINT NOT NULL REFERENCES requests(id),
  PRIMARY KEY (term, request_id)
);
)sql"},
      {2, R"sql(
ALTER TABLE asks ADD COLUMN deal TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE asks ADD COLUMN importance TEXT COLLATE "C" NOT NULL DEFAULT ''
  CHECK (importance IN ('', 'blocker', 'important', 'nice'));
ALTER TABLE asks ADD COLUMN deleted_at TEXT COLLATE "C";
ALTER TABLE asks ADD COLUMN delete_reason TEXT COLLATE "C" NOT NULL DEFAULT '';
DROP INDEX asks_request;
CREATE INDEX asks_request ON asks(request_id, id, account_id, value_cents, currency, stage,
                                  close_date, created_at, deal, importance, deleted_at) WHERE deleted_at IS NULL;
ALTER TABLE accounts ADD COLUMN merged_into BIGINT REFERENCES accounts(id);
CREATE TABLE account_aliases (
  alias_key TEXT COLLATE "C" PRIMARY KEY,
  alias TEXT COLLATE "C" NOT NULL,
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE account_merges (
  id BIGINT PRIMARY KEY,
  merged_id BIGINT NOT NULL REFERENCES accounts(id),
  into_id BIGINT NOT NULL REFERENCES accounts(id),
  ask_ids TEXT COLLATE "C" NOT NULL,
  at TEXT COLLATE "C" NOT NULL,
  undone_at TEXT COLLATE "C"
);
)sql"},
      {3, R"sql(
ALTER TABLE requests ADD COLUMN target TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE TABLE request_links (
  request_id BIGINT NOT NULL REFERENCES requests(id),
  link TEXT COLLATE "C" NOT NULL,
  tracker_key TEXT COLLATE "C" NOT NULL DEFAULT '',
  PRIMARY KEY (request_id, link)
);
CREATE INDEX request_links_key ON request_links(tracker_key) WHERE tracker_key <> '';
)sql"},
      {4, R"sql(
ALTER TABLE snapshots ADD COLUMN base_id BIGINT REFERENCES snapshots(id);
ALTER TABLE snapshot_ranks DROP COLUMN score;
)sql"},
      // Deals as records, as SQLite's schema 6 (its comments say why).
      {5, R"sql(
CREATE TABLE deals (
  id BIGINT PRIMARY KEY,
  account_id BIGINT REFERENCES accounts(id),
  deal_key TEXT COLLATE "C" NOT NULL CHECK (deal_key <> ''),
  value_cents BIGINT CHECK (value_cents >= 0),
  currency TEXT COLLATE "C",
  stage TEXT COLLATE "C" NOT NULL DEFAULT '',
  close_date TEXT COLLATE "C" NOT NULL DEFAULT '',
  CHECK ((value_cents IS NULL) = (currency IS NULL))
);
CREATE UNIQUE INDEX deals_identity ON deals(coalesce(account_id, 0), deal_key);
ALTER TABLE asks ADD COLUMN deal_id BIGINT REFERENCES deals(id);
CREATE INDEX asks_deal ON asks(deal_id) WHERE deal_id IS NOT NULL;
ALTER TABLE account_merges ADD COLUMN alias_keys TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE merges ADD COLUMN survivor_status TEXT COLLATE "C";
ALTER TABLE merges ADD COLUMN survivor_reason TEXT COLLATE "C";
ALTER TABLE merges ADD COLUMN survivor_workaround TEXT COLLATE "C";
ALTER TABLE merges ADD COLUMN survivor_target TEXT COLLATE "C";
ALTER TABLE merges ADD COLUMN added_links TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN deleted_at TEXT COLLATE "C";
ALTER TABLE requests ADD COLUMN delete_reason TEXT COLLATE "C" NOT NULL DEFAULT '';
DROP INDEX requests_status;
CREATE INDEX requests_status ON requests(status, deleted_at);

INSERT INTO deals (id, account_id, deal_key, value_cents, currency, stage, close_date)
SELECT row_number() OVER (ORDER BY first_ask), account_id, deal, value_cents, currency, stage, close_date FROM (
  SELECT account_id, deal, value_cents, currency, stage, close_date,
         min(id) OVER (PARTITION BY coalesce(account_id, 0), deal) AS first_ask,
         row_number() OVER (PARTITION BY coalesce(account_id, 0), deal
                            ORDER BY deleted_at IS NULL DESC, created_at DESC, id DESC) AS newest
  FROM asks WHERE deal <> '') AS per_ask
WHERE newest = 1;
UPDATE asks SET deal_id = d.id FROM deals d
WHERE asks.deal <> '' AND coalesce(d.account_id, 0) = coalesce(asks.account_id, 0) AND d.deal_key = asks.deal;
INSERT INTO history (id, at, actor, request_id, account_id, action, field, old_value, new_value)
SELECT (SELECT coalesce(max(id), 0) FROM history) + row_number() OVER (ORDER BY a.id),
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'reqtriage upgrade', a.request_id,
       a.account_id, 'ask-changed', 'ask #' || a.id || ' value',
       coalesce(a.currency || ' ' || (a.value_cents / 100) || '.' || lpad((a.value_cents % 100)::text, 2, '0'), ''),
       coalesce(d.currency || ' ' || (d.value_cents / 100) || '.' || lpad((d.value_cents % 100)::text, 2, '0'), '')
FROM asks a JOIN deals d ON d.id = a.deal_id
WHERE a.value_cents IS DISTINCT FROM d.value_cents OR a.currency IS DISTINCT FROM d.currency;
INSERT INTO history (id, at, actor, request_id, account_id, action, field, old_value, new_value)
SELECT (SELECT coalesce(max(id), 0) FROM history) + row_number() OVER (ORDER BY a.id),
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'reqtriage upgrade', a.request_id,
       a.account_id, 'ask-changed', 'ask #' || a.id || ' stage', a.stage, d.stage
FROM asks a JOIN deals d ON d.id = a.deal_id WHERE a.stage <> d.stage;
INSERT INTO history (id, at, actor, request_id, account_id, action, field, old_value, new_value)
SELECT (SELECT coalesce(max(id), 0) FROM history) + row_number() OVER (ORDER BY a.id),
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'reqtriage upgrade', a.request_id,
       a.account_id, 'ask-changed', 'ask #' || a.id || ' close_date', a.close_date, d.close_date
FROM asks a JOIN deals d ON d.id = a.deal_id WHERE a.close_date <> d.close_date;
UPDATE asks SET value_cents = d.value_cents, currency = d.currency, stage = d.stage, close_date = d.close_date
FROM deals d WHERE d.id = asks.deal_id;

CREATE FUNCTION reqtriage_ask_agrees_with_its_deal() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $body$
BEGIN
  IF (NEW.deal <> '') <> (NEW.deal_id IS NOT NULL) OR (NEW.deal_id IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM deals d WHERE d.id = NEW.deal_id AND d.deal_key = NEW.deal
      AND d.account_id IS NOT DISTINCT FROM NEW.account_id AND d.value_cents IS NOT DISTINCT FROM NEW.value_cents
      AND d.currency IS NOT DISTINCT FROM NEW.currency AND d.stage = NEW.stage AND d.close_date = NEW.close_date)) THEN
    RAISE EXCEPTION 'an ask must agree with its deal record';
  END IF;
  RETURN NEW;
END $body$;
CREATE TRIGGER asks_agree_with_their_deal BEFORE INSERT OR UPDATE ON asks FOR EACH ROW
  WHEN (NEW.deal <> '' OR NEW.deal_id IS NOT NULL) EXECUTE FUNCTION reqtriage_ask_agrees_with_its_deal();
CREATE FUNCTION reqtriage_deal_reaches_its_asks() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $body$
BEGIN
  UPDATE asks SET value_cents = NEW.value_cents, currency = NEW.currency, stage = NEW.stage,
                  close_date = NEW.close_date
  WHERE deal_id = NEW.id;
  RETURN NULL;
END $body$;
CREATE TRIGGER deals_reach_their_asks AFTER UPDATE OF value_cents, currency, stage, close_date ON deals
  FOR EACH ROW EXECUTE FUNCTION reqtriage_deal_reaches_its_asks();
)sql"},
  };
  return steps;
}

// "?" and "?N" parameters (the store's SQL) as PostgreSQL's "$N", leaving
// quoted literals alone.
std::string to_dollar_parameters(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'') quoted = !quoted;
    if (c != '?' || quoted) {
      out += c;
      continue;
    }
    std::size_t digits = i + 1;
    while (digits < sql.size() && std::isdigit(static_cast<unsigned char>(sql[digits]))) ++digits;
    if (digits > i + 1) {
      out += '$';
      out.append(sql, i + 1, digits - i - 1);
      i = digits - 1;
    } else {
      out += fmt::format("${}", ++next);
    }
  }
  return out;
}

class PgConnection;

class PgStatement final : public sql::StatementImpl {
 public:
  PgStatement(PgConnection& connection, std::string sql, sql::Rows rows)
      : m_connection(connection), m_sql(std::move(sql)), m_many(rows == sql::Rows::many) {}
  void bind(int index, std::int64_t value) override { slot(index) = std::to_string(value); }
  void bind(int index, double value) override { slot(index) = fmt::format("{}", value); }
  void bind(int index, const std::string& value) override { slot(index) = value; }
  void bind_null(int index) override { slot(index).reset(); }
  bool step() override {
    if (!m_result) {
      if (m_many) {
        open_cursor();
      } else {
        run();
      }
    }
    if (++m_row < static_cast<long>(m_result->size())) return true;
    // The next chunk, unless the last one was short.
    if (m_cursor.empty() || m_result->size() < cursor_chunk) return false;
    fetch();
    return ++m_row < static_cast<long>(m_result->size());
  }
  int exec() override {
    run();
    return static_cast<int>(m_result->affected_rows());
  }
  void reset() override {
    m_parameters.clear();
    m_result.reset();
    m_row = -1;
    m_cursor.clear();  // closed when its transaction ends
  }
  bool is_null(int column) override { return field(column).is_null(); }
  std::int64_t int64(int column) override {
    auto value = field(column);
    return value.is_null() ? 0 : value.as<std::int64_t>();
  }
  double real(int column) override {
    auto value = field(column);
    return value.is_null() ? 0 : value.as<double>();
  }
  std::string_view text(int column) override {
    auto value = field(column);
    return {value.c_str(), value.size()};
  }

 private:
  // Rows a cursor fetches at a time: a year of asks never sits in memory.
  static constexpr std::size_t cursor_chunk = 10000;

  PgConnection& m_connection;
  std::string m_sql;
  bool m_many;
  std::vector<std::optional<std::string>> m_parameters;
  std::optional<pqxx::result> m_result;
  long m_row = -1;
  std::string m_cursor;  ///< the open cursor's name, if any

  std::optional<std::string>& slot(int index) {
    if (m_parameters.size() < static_cast<std::size_t>(index)) m_parameters.resize(static_cast<std::size_t>(index));
    return m_parameters[static_cast<std::size_t>(index - 1)];
  }
  pqxx::field field(int column) const { return (*m_result)[static_cast<pqxx::result::size_type>(m_row)][column]; }
  void run();
  void open_cursor();
  void fetch();
};

class PgConnection final : public sql::Connection {
 public:
  explicit PgConnection(const std::string& url) : m_name(redact_url(url)), m_connection(url) {}

  std::unique_ptr<sql::StatementImpl> prepare(const std::string& sql, sql::Rows rows) override {
    return std::make_unique<PgStatement>(*this, to_dollar_parameters(sql), rows);
  }
  std::string cursor_name() { return fmt::format("reqtriage_rows_{}", ++m_cursors); }
  std::string_view hint(sql::Hint) const override { return ""; }

  // Writers take turns, as on SQLite: each waits for the writer lock (up to
  // the busy timeout), then runs serializable. Without the turns, a long
  // import racing many `log`s kept being refused for serialization failures
  // and run again until it gave up. The lock is taken before the
  // transaction starts so that its snapshot includes the previous writer's
  // rows; it is a session lock, so a client that dies releases it.
  void begin_write() override {
    m_transaction.reset();  // libpqxx allows one transaction object at a time
    try {
      pqxx::nontransaction lock(m_connection);
      // (A lock_timeout of 0 would mean "wait for ever"; on SQLite it means "do not wait".)
      int timeout_ms = std::max(busy_timeout_ms(), 1);
      lock.exec(fmt::format("SET lock_timeout = {}; SELECT pg_advisory_lock({})", timeout_ms, writer_lock));
    } catch (const pqxx::sql_error& failed) {
      if (failed.sqlstate() == "55P03") throw busy_error(m_name);  // lock_not_available
      throw;
    }
    m_holds_writer_lock = true;
    m_transaction = std::make_unique<pqxx::transaction<pqxx::serializable>>(m_connection);
  }
  void begin_read() override {
    m_transaction.reset();
    m_transaction = std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(m_connection);
  }
  void commit() override {
    if (!m_transaction) return;
    m_transaction->commit();
    m_transaction.reset();
    release_writer_lock();
  }
  void rollback() noexcept override {
    if (m_transaction) {
      try {
        m_transaction->abort();
      } catch (...) {
        // The connection is gone: so is the transaction.
      }
      m_transaction.reset();
    }
    release_writer_lock();
  }
  bool is_retryable(std::exception_ptr error) const override {
    try {
      std::rethrow_exception(error);
    } catch (const pqxx::serialization_failure&) {
      return true;
    } catch (const pqxx::deadlock_detected&) {
      return true;
    } catch (const pqxx::sql_error& sql_error) {
      // 23505: two writers took the same next id (see SqlStore).
      return sql_error.sqlstate() == "40001" || sql_error.sqlstate() == "40P01" || sql_error.sqlstate() == "23505";
    } catch (...) {
      return false;
    }
  }
  Error as_error(std::exception_ptr error) const override { return pg_error(error, m_name); }

  static Error pg_error(std::exception_ptr error, const std::string& name) {
    try {
      std::rethrow_exception(error);
    } catch (const pqxx::in_doubt_error&) {
      return Error(ExitCode::failure,
                  fmt::format("{}: the connection was lost while committing; the change may or may "
                              "not have been saved (check with `reqtriage history`)",
                              name));
    } catch (const pqxx::broken_connection& broken) {
      return Error(ExitCode::failure,
                  fmt::format("{}: cannot connect to the database server: {}; nothing was written", name,
                              first_line(broken.what())));
    } catch (const pqxx::transaction_rollback&) {
      return BusyError(fmt::format("{}: other writers kept conflicting with this change; nothing was "
                                  "written, try again",
                                  name));
    } catch (const pqxx::disk_full&) {
      return Error(ExitCode::failure, fmt::format("{}: the server's disk is full; nothing was written", name));
    } catch (const pqxx::insufficient_privilege& denied) {
      return Error(ExitCode::failure, fmt::format("{}: permission denied: {}; nothing was written", name,
                                                 first_line(denied.what())));
    } catch (const std::exception& other) {
      return Error(ExitCode::failure, fmt::format("{}: {}", name, first_line(other.what())));
    }
  }

  std::vector<std::string> check_engine() override {
    // PostgreSQL enforces foreign keys and checks its pages itself.
    return {};
  }

  bool backup_natively(const std::string&) override { return false; }

  const std::string& name() const override { return m_name; }
  std::string user() override { return m_user; }

  // Never fails: after a commit, a lost connection must not read as a
  // failed change, and a lost connection has released the lock anyway.
  void release_writer_lock() noexcept {
    if (!m_holds_writer_lock) return;
    m_holds_writer_lock = false;
    try {
      pqxx::nontransaction unlock(m_connection);
      unlock.exec(fmt::format("SELECT pg_advisory_unlock({})", writer_lock));
    } catch (...) {
    }
  }

  pqxx::transaction_base& transaction() {
    // A statement outside any transaction runs on its own.
    if (!m_transaction) m_transaction = std::make_unique<pqxx::nontransaction>(m_connection);
    return *m_transaction;
  }

  void migrate() {
    auto& steps = migrations();
    int target = steps.back().version;
    // Most commands find the schema current, without a lock; on the way,
    // who is connected (for the history).
    {
      pqxx::nontransaction probe(m_connection);
      auto found = probe.exec("SELECT current_user, to_regclass('reqtriage_schema') IS NOT NULL");
      m_user = found[0][0].as<std::string>();
      if (found[0][1].as<bool>()) {
        auto version = probe.exec("SELECT version FROM reqtriage_schema")[0][0].as<int>();
        if (version == target) return;
      }
    }
    pqxx::work work(m_connection);
    // Two first commands at once must not both create the schema.
    work.exec_params("SELECT pg_advisory_xact_lock($1)", migration_lock);
    auto marker = work.exec("SELECT to_regclass('reqtriage_schema') IS NOT NULL")[0][0].as<bool>();
    int version = 0;
    if (marker) {
      version = work.exec("SELECT version FROM reqtriage_schema")[0][0].as<int>();
    } else if (work.exec("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")[0][0]
                   .as<int>() > 0) {
      throw Error(ExitCode::failure,
                  fmt::format("{} is a PostgreSQL database but not a reqtriage one (it has tables); "
                              "refusing to touch it",
                              m_name));
    }
    if (version > target) throw newer_schema_error(m_name, version, target);
    if (version == target) return;
    for (const auto& step : steps) {
      if (step.version > version) work.exec(step.sql);
    }
    work.exec_params("UPDATE reqtriage_schema SET version = $1", target);
    work.commit();
  }

 private:
  std::string m_name;
  std::string m_user;  ///< the database user, as migrate found it
  int m_cursors = 0;
  bool m_holds_writer_lock = false;
  pqxx::connection m_connection;
  std::unique_ptr<pqxx::transaction_base> m_transaction;

  static std::string first_line(const std::string& text) {
    auto end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
  }
};

void PgStatement::run() {
  std::vector<const char*> values;
  values.reserve(m_parameters.size());
  for (const auto& parameter : m_parameters) values.push_back(parameter ? parameter->c_str() : nullptr);
  m_result = m_connection.transaction().exec_params(m_sql, pqxx::prepare::make_dynamic_params(values));
  m_row = -1;
}

void PgStatement::open_cursor() {
  m_cursor = m_connection.cursor_name();
  auto query = std::move(m_sql);
  m_sql = fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", m_cursor, query);
  run();
  m_sql = std::move(query);
  fetch();
}

void PgStatement::fetch() {
  m_result = m_connection.transaction().exec(fmt::format("FETCH {} FROM {}", cursor_chunk, m_cursor));
  m_row = -1;
}

}  // namespace

}  // namespace reqtriage

// The module's one entry point (see pg_module.cpp): opens the database,
// creating or upgrading its schema; the caller owns the connection. Errors
// are thrown as reqtriage::Error.
extern "C" [[gnu::visibility("default")]] reqtriage::sql::Connection* reqtriage_open_postgres(
    const std::string& url) {
  using namespace reqtriage;
  try {
    auto connection = std::make_unique<PgConnection>(url);
    connection->migrate();
    return connection.release();
  } catch (const Error&) {
    throw;
  } catch (...) {
    throw PgConnection::pg_error(std::current_exception(), redact_url(url));
  }
}
