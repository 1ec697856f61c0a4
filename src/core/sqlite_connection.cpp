// The SQLite engine of the store: its schema and migrations, its statements,
// transactions and errors. SQLiteCpp is seen only here.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "engines.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/paths.hpp"
#include "sqlite_schema.hpp"

namespace reqtriage {

namespace sqlite {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> steps{
      {1, R"sql(
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  segment TEXT NOT NULL DEFAULT '',
  arr_cents INTEGER CHECK (arr_cents >= 0),
  arr_currency TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE requests (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL CHECK (title <> ''),
  title_key TEXT NOT NULL DEFAULT '',  -- normalize_title(title): how imports find a request
  description TEXT NOT NULL DEFAULT '',
  area TEXT NOT NULL DEFAULT '',
  effort REAL CHECK (effort >= 0),
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN
    ('new', 'triaged', 'planned', 'in-progress', 'shipped', 'declined', 'merged')),
  reason TEXT NOT NULL DEFAULT '',
  workaround TEXT NOT NULL DEFAULT '',
  merged_into INTEGER REFERENCES requests(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX requests_status ON requests(status);
CREATE INDEX requests_area ON requests(area);
CREATE INDEX requests_title_key ON requests(title_key);
CREATE TABLE request_tags (
  request_id INTEGER NOT NULL REFERENCES requests(id),
  tag TEXT NOT NULL,
  PRIMARY KEY (request_id, tag)
) WITHOUT ROWID;
CREATE INDEX request_tags_tag ON request_tags(tag);
CREATE TABLE asks (
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES requests(id),
  account_id INTEGER REFERENCES accounts(id),
  value_cents INTEGER CHECK (value_cents >= 0),
  currency TEXT,
  stage TEXT NOT NULL DEFAULT '',
  close_date TEXT NOT NULL DEFAULT '',
  rep TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  import_key TEXT UNIQUE,  -- "id:<CRM id>" or "fp:<fingerprint>" for imported rows
  origin_request_id INTEGER NOT NULL REFERENCES requests(id),  -- where it was logged; merges move request_id only
  CHECK ((value_cents IS NULL) = (currency IS NULL))
);
CREATE INDEX asks_origin ON asks(origin_request_id);
-- Covers what scoring reads, in the order it reads it (score streams the
-- asks request by request).
CREATE INDEX asks_request ON asks(request_id, id, account_id, value_cents, currency, stage,
                                  close_date, created_at);
CREATE INDEX asks_account ON asks(account_id);
CREATE TABLE history (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  request_id INTEGER REFERENCES requests(id),
  account_id INTEGER REFERENCES accounts(id),
  action TEXT NOT NULL,
  field TEXT NOT NULL DEFAULT '',
  old_value TEXT NOT NULL DEFAULT '',
  new_value TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_request ON history(request_id);
-- One row per merge, so unmerge can restore the merged request exactly.
CREATE TABLE merges (
  id INTEGER PRIMARY KEY,
  merged_id INTEGER NOT NULL REFERENCES requests(id),
  survivor_id INTEGER NOT NULL REFERENCES requests(id),
  previous_status TEXT NOT NULL,
  previous_reason TEXT NOT NULL,
  previous_updated_at TEXT NOT NULL,
  survivor_updated_at TEXT NOT NULL,  -- restored by unmerge if nothing changed it since
  added_tags TEXT NOT NULL,  -- tags the merge gave the survivor, comma-separated
  at TEXT NOT NULL,
  undone_at TEXT
);
CREATE INDEX merges_merged ON merges(merged_id);
-- Rankings as they stood, for the rank movers of `report review`.
CREATE TABLE snapshots (
  id INTEGER PRIMARY KEY,
  taken_at TEXT NOT NULL,
  profile TEXT NOT NULL
);
CREATE TABLE snapshot_ranks (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  request_id INTEGER NOT NULL REFERENCES requests(id),
  rank INTEGER NOT NULL,
  score REAL NOT NULL,
  PRIMARY KEY (snapshot_id, request_id)
) WITHOUT ROWID;
-- Pairs judged not duplicates: never suggested again.
CREATE TABLE not_duplicates (
  a INTEGER NOT NULL REFERENCES requests(id),
  b INTEGER NOT NULL REFERENCES requests(id),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  PRIMARY KEY (a, b),
  CHECK (a < b)
) WITHOUT ROWID;
-- Title words (basic_tokens), so `log` finds similar requests without
-- reading them all.
CREATE TABLE request_terms (
  term TEXT NOT NULL,
  request_id INTEGER NOT NULL REFERENCES requests(id),
  PRIMARY KEY (term, request_id)
) WITHOUT ROWID;
)sql"},
      // Imports write every ask through each index: drop the one no query
      // uses, and index an ask's origin only once a merge moved it away.
      {2, R"sql(
DROP INDEX asks_account;
DROP INDEX asks_origin;
CREATE INDEX asks_moved ON asks(origin_request_id) WHERE origin_request_id <> request_id;
)sql"},
      // The money model: deals, importance, asks that can be deleted and
      // restored, accounts that can be renamed, merged and aliased.
      {3, R"sql(
ALTER TABLE asks ADD COLUMN deal TEXT NOT NULL DEFAULT '';  -- the CRM opportunity; '': a deal of its own
ALTER TABLE asks ADD COLUMN importance TEXT NOT NULL DEFAULT ''
  CHECK (importance IN ('', 'blocker', 'important', 'nice'));
ALTER TABLE asks ADD COLUMN deleted_at TEXT;  -- deleted asks stay, so --restore brings them back exactly
ALTER TABLE asks ADD COLUMN delete_reason TEXT NOT NULL DEFAULT '';
-- Scoring reads only live asks; deleted_at is listed too, or the index
-- would not cover the query that tests it.
DROP INDEX asks_request;
CREATE INDEX asks_request ON asks(request_id, id, account_id, value_cents, currency, stage,
                                  close_date, created_at, deal, importance, deleted_at) WHERE deleted_at IS NULL;
ALTER TABLE accounts ADD COLUMN merged_into INTEGER REFERENCES accounts(id);
-- Other names of an account: logs and imports that use them land on it.
CREATE TABLE account_aliases (
  alias_key TEXT PRIMARY KEY,
  alias TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  created_at TEXT NOT NULL
);
-- One row per account merge, so it can be undone: the asks it moved.
CREATE TABLE account_merges (
  id INTEGER PRIMARY KEY,
  merged_id INTEGER NOT NULL REFERENCES accounts(id),
  into_id INTEGER NOT NULL REFERENCES accounts(id),
  ask_ids TEXT NOT NULL,  -- comma-separated
  at TEXT NOT NULL,
  undone_at TEXT
);
)sql"},
      // Delivery: a target and links to engineering's tickets, which tracker
      // exports find by key.
      {4, R"sql(
ALTER TABLE requests ADD COLUMN target TEXT NOT NULL DEFAULT '';  -- a date, a quarter or a release name
CREATE TABLE request_links (
  request_id INTEGER NOT NULL REFERENCES requests(id),
  link TEXT NOT NULL,
  tracker_key TEXT NOT NULL DEFAULT '',  -- tracker_key_of(link)
  PRIMARY KEY (request_id, link)
) WITHOUT ROWID;
CREATE INDEX request_links_key ON request_links(tracker_key) WHERE tracker_key <> '';
)sql"},
      // Review snapshots store what changed since an earlier one (base_id),
      // the whole ranking only now and then; ranks alone, no scores.
      {5, R"sql(
ALTER TABLE snapshots ADD COLUMN base_id INTEGER REFERENCES snapshots(id);  -- NULL: the whole ranking
ALTER TABLE snapshot_ranks DROP COLUMN score;  -- rank 0: left the ranking since base_id
)sql"},
      // A deal is a record (MONEY in reqtriage(1)): its account, its key,
      // its amount, stage and close date. Its asks point at it and carry its
      // figures, which the database keeps equal (scoring reads them with the
      // ask, from one covering index): an ask that disagrees with its deal
      // cannot be written, and a change to the deal reaches every ask of it.
      //
      // Older stores' deals come out of their asks by the documented rule: a
      // deal is what its latest ask says (a live one before a deleted one);
      // every ask that said otherwise takes it, each change recorded in the
      // history (actor "reqtriage upgrade"), so `history` and `doctor` show
      // it and --as-of an earlier day sees the asks as they were.
      {6, R"sql(
CREATE TABLE deals (
  id INTEGER PRIMARY KEY,
  account_id INTEGER REFERENCES accounts(id),  -- NULL: no account
  deal_key TEXT NOT NULL CHECK (deal_key <> ''),
  value_cents INTEGER CHECK (value_cents >= 0),
  currency TEXT,
  stage TEXT NOT NULL DEFAULT '',
  close_date TEXT NOT NULL DEFAULT '',
  CHECK ((value_cents IS NULL) = (currency IS NULL))
);
-- Two accounts' deals are two deals, whatever their keys.
CREATE UNIQUE INDEX deals_identity ON deals(coalesce(account_id, 0), deal_key);
ALTER TABLE asks ADD COLUMN deal_id INTEGER REFERENCES deals(id);
CREATE INDEX asks_deal ON asks(deal_id) WHERE deal_id IS NOT NULL;
-- What unmerge gives back beside the asks: the merged account's aliases.
ALTER TABLE account_merges ADD COLUMN alias_keys TEXT NOT NULL DEFAULT '';  -- newline-separated
-- A request merge keeps the merged request's answer to customers: the
-- survivor takes its decision, target and links; unmerge gives back what the
-- survivor had (NULL: the merge left it).
ALTER TABLE merges ADD COLUMN survivor_status TEXT;
ALTER TABLE merges ADD COLUMN survivor_reason TEXT;
ALTER TABLE merges ADD COLUMN survivor_workaround TEXT;
ALTER TABLE merges ADD COLUMN survivor_target TEXT;
ALTER TABLE merges ADD COLUMN added_links TEXT NOT NULL DEFAULT '';  -- space-separated
-- Junk leaves every ranking, report and export (`delete`), kept for restore.
ALTER TABLE requests ADD COLUMN deleted_at TEXT;
ALTER TABLE requests ADD COLUMN delete_reason TEXT NOT NULL DEFAULT '';
-- Every ranking reads the live requests' ids from this index alone.
DROP INDEX requests_status;
CREATE INDEX requests_status ON requests(status, deleted_at);

INSERT INTO deals (id, account_id, deal_key, value_cents, currency, stage, close_date)
SELECT row_number() OVER (ORDER BY first_ask), account_id, deal, value_cents, currency, stage, close_date FROM (
  SELECT account_id, deal, value_cents, currency, stage, close_date,
         min(id) OVER (PARTITION BY coalesce(account_id, 0), deal) AS first_ask,
         row_number() OVER (PARTITION BY coalesce(account_id, 0), deal
                            ORDER BY deleted_at IS NULL DESC, created_at DESC, id DESC) AS newest
  FROM asks WHERE deal <> '')
WHERE newest = 1;
UPDATE asks SET deal_id = (SELECT d.id FROM deals d WHERE coalesce(d.account_id, 0) = coalesce(asks.account_id, 0)
                           AND d.deal_key = asks.deal) WHERE deal <> '';
INSERT INTO history (id, at, actor, request_id, account_id, action, field, old_value, new_value)
SELECT (SELECT coalesce(max(id), 0) FROM history) + row_number() OVER (ORDER BY a.id),
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'reqtriage upgrade', a.request_id, a.account_id, 'ask-changed',
       'ask #' || a.id || ' value',
       coalesce(a.currency || ' ' || (a.value_cents / 100) || '.' || substr('0' || (a.value_cents % 100), -2), ''),
       coalesce(d.currency || ' ' || (d.value_cents / 100) || '.' || substr('0' || (d.value_cents % 100), -2), '')
FROM asks a JOIN deals d ON d.id = a.deal_id
WHERE a.value_cents IS NOT d.value_cents OR a.currency IS NOT d.currency;
INSERT INTO history (id, at, actor, request_id, account_id, action, field, old_value, new_value)
SELECT (SELECT coalesce(max(id), 0) FROM history) + row_number() OVER (ORDER BY a.id),
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'reqtriage upgrade', a.request_id, a.account_id, 'ask-changed',
       'ask #' || a.id || ' stage', a.stage, d.stage
FROM asks a JOIN deals d ON d.id = a.deal_id WHERE a.stage <> d.stage;
INSERT INTO history (id, at, actor, request_id, account_id, action, field, old_value, new_value)
SELECT (SELECT coalesce(max(id), 0) FROM history) + row_number() OVER (ORDER BY a.id),
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'reqtriage upgrade', a.request_id, a.account_id, 'ask-changed',
       'ask #' || a.id || ' close_date', a.close_date, d.close_date
FROM asks a JOIN deals d ON d.id = a.deal_id WHERE a.close_date <> d.close_date;
UPDATE asks SET value_cents = d.value_cents, currency = d.currency, stage = d.stage, close_date = d.close_date
FROM deals d WHERE d.id = asks.deal_id;

CREATE TRIGGER asks_agree_with_their_deal BEFORE INSERT ON asks
WHEN (NEW.deal <> '') <> (NEW.deal_id IS NOT NULL) OR (NEW.deal_id IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM deals d WHERE d.id = NEW.deal_id AND d.deal_key = NEW.deal AND d.account_id IS NEW.account_id
  AND d.value_cents IS NEW.value_cents AND d.currency IS NEW.currency AND d.stage = NEW.stage
  AND d.close_date = NEW.close_date))
BEGIN SELECT RAISE(ABORT, 'an ask must agree with its deal record'); END;
CREATE TRIGGER asks_keep_agreeing_with_their_deal
BEFORE UPDATE OF account_id, value_cents, currency, stage, close_date, deal, deal_id ON asks
WHEN (NEW.deal <> '') <> (NEW.deal_id IS NOT NULL) OR (NEW.deal_id IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM deals d WHERE d.id = NEW.deal_id AND d.deal_key = NEW.deal AND d.account_id IS NEW.account_id
  AND d.value_cents IS NEW.value_cents AND d.currency IS NEW.currency AND d.stage = NEW.stage
  AND d.close_date = NEW.close_date))
BEGIN SELECT RAISE(ABORT, 'an ask must agree with its deal record'); END;
CREATE TRIGGER deals_reach_their_asks AFTER UPDATE OF value_cents, currency, stage, close_date ON deals
BEGIN
  UPDATE asks SET value_cents = NEW.value_cents, currency = NEW.currency, stage = NEW.stage,
                  close_date = NEW.close_date
  WHERE deal_id = NEW.id;
END;
)sql"},
  };
  return steps;
}

namespace {

int pragma_int(SQLite::Database& db, const char* name) {
  return db.execAndGet(fmt::format("PRAGMA {}", name)).getInt();
}

int count_tables(SQLite::Database& db) {
  return db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").getInt();
}

// The backup's name: the documented one, unless a complete backup is there
// already (an empty file is what a killed older version left: replaced).
std::string backup_path(const std::string& path, int version) {
  auto candidate = fmt::format("{}.v{}.bak", path, version);
  std::error_code ignored;
  auto taken = [&](const std::string& name) {
    return std::filesystem::exists(name, ignored) && std::filesystem::file_size(name, ignored) != 0;
  };
  for (int n = 2; taken(candidate); ++n) candidate = fmt::format("{}.v{}.bak{}", path, version, n);
  return candidate;
}

// Writes the backup under a temporary name and gives it its own only when
// complete, so a kill during the copy never leaves a partial file under the
// name the upgrade message gives.
void write_backup(SQLite::Database& db, const std::string& backup) {
  auto partial = backup + ".partial";
  std::error_code ignored;
  std::filesystem::remove(partial, ignored);  // left by a killed upgrade
  SQLite::Statement vacuum(db, "VACUUM INTO ?");
  vacuum.bind(1, partial);
  vacuum.exec();
  ::chmod(partial.c_str(), 0600);
  std::filesystem::rename(partial, backup);
}

}  // namespace

std::vector<std::string> broken_backups(const std::string& path) {
  std::vector<std::string> problems;
  auto file = std::filesystem::path(path);
  auto folder = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  auto prefix = file.filename().string() + ".v";
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    auto name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || name.find(".bak") == std::string::npos) continue;
    std::error_code size_error;
    auto size = std::filesystem::file_size(entry.path(), size_error);
    bool partial = name.size() > 8 && name.compare(name.size() - 8, 8, ".partial") == 0;
    if (size_error || (size != 0 && !partial)) continue;
    problems.push_back(fmt::format("{} is {} (an upgrade was stopped while writing its backup; the database itself "
                                   "is whole): delete it with `rm '{}'`",
                                   entry.path().string(), partial ? "an unfinished backup" : "an empty backup",
                                   entry.path().string()));
  }
  std::sort(problems.begin(), problems.end());
  return problems;
}

std::string migrate(SQLite::Database& db, const std::string& path,
                    const std::vector<Migration>& steps) {
  int target = steps.empty() ? 0 : steps.back().version;
  int app_id = pragma_int(db, "application_id");
  int version = pragma_int(db, "user_version");
  if (app_id != application_id && !(app_id == 0 && version == 0 && count_tables(db) == 0)) {
    throw Error(ExitCode::failure,
                fmt::format("{} is an SQLite database but not a reqtriage one; refusing to touch it",
                            path));
  }
  if (version > target) throw newer_schema_error(path, version, target);
  if (version == target) return {};

  std::string backup;
  if (version > 0) {
    backup = backup_path(path, version);
    write_backup(db, backup);
  }
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  // Another process may have migrated while this one waited for the lock.
  version = pragma_int(db, "user_version");
  for (const auto& step : steps) {
    if (step.version <= version) continue;
    db.exec(step.sql);
  }
  db.exec(fmt::format("PRAGMA application_id = {}", application_id));
  db.exec(fmt::format("PRAGMA user_version = {}", target));
  transaction.commit();
  return backup;
}

}  // namespace sqlite

namespace {

// Turns SQLite's failures into the tool's errors, naming the database.
// `system_errno` is the operating system's error behind an I/O error.
// An I/O error on a disk with no room left is a full disk, whether or not
// SQLite kept the system's error number.
bool no_space_left(const std::string& path) {
  auto folder = std::filesystem::path(path).parent_path();
  struct statvfs info {};
  return ::statvfs(folder.empty() ? "." : folder.c_str(), &info) == 0 && info.f_bavail == 0;
}

Error sqlite_error(const SQLite::Exception& error, const std::string& path, bool read_only, int system_errno) {
  bool io_error = error.getErrorCode() == SQLITE_IOERR || error.getErrorCode() == SQLITE_FULL;
  if (system_errno == ENOSPC || system_errno == EDQUOT || (io_error && no_space_left(path))) {
    if (read_only) {
      return Error(ExitCode::failure,
                   fmt::format("{}: the disk is full (reading needs room for {}-shm); free some space", path, path));
    }
    return Error(ExitCode::failure, fmt::format("{}: the disk is full; nothing was written", path));
  }
  switch (error.getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return busy_error(path);
    case SQLITE_READONLY:
      if (read_only) {
        return Error(ExitCode::failure,
                     fmt::format("{}: cannot read the database: SQLite needs to create {}-shm beside it, and its "
                                 "folder is not writable (copy the database somewhere writable, or make the folder "
                                 "writable)",
                                 path, path));
      }
      return Error(ExitCode::failure,
                  fmt::format("{}: the database is read-only; nothing was written", path));
    case SQLITE_FULL:
      return Error(ExitCode::failure,
                  fmt::format("{}: the disk is full; nothing was written", path));
    case SQLITE_NOTADB:
      return Error(ExitCode::failure, fmt::format("{}: not a reqtriage database", path));
    case SQLITE_CORRUPT:
      return Error(ExitCode::failure, fmt::format("{}: the database is corrupt ({})", path,
                                                 error.what()));
    case SQLITE_CANTOPEN:
      if (read_only) {
        return Error(ExitCode::failure,
                     fmt::format("{}: cannot open the database to read it ({}; a database in WAL mode also needs "
                                 "its folder writable, for {}-shm)",
                                 path, system_errno ? std::strerror(system_errno) : error.what(), path));
      }
      return Error(ExitCode::failure, fmt::format("{}: cannot open the database", path));
    default:
      return Error(ExitCode::failure, fmt::format("{}: {}", path, error.what()));
  }
}

// Creates the database file private to its owner before SQLite sees it;
// SQLite gives the -wal and -shm files the database file's permissions.
void create_private_file(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) make_private_dirs(parent.string());
  // Without O_EXCL, so a dangling symbolic link's target is created private
  // too (O_EXCL refuses the link, and SQLite would then create it 0644).
  int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw Error(ExitCode::failure,
                fmt::format("{}: cannot create the database: {}", path, std::strerror(errno)));
  }
  if (fd >= 0) ::close(fd);
}

// A prepared statement on SQLite's own API: SQLiteCpp's Column objects (a
// shared pointer copied per value read) were a tenth of the time of scoring
// a million requests. Failures throw SQLiteCpp's exception, as the rest of
// the engine does, for sqlite_error to name.
class SqliteStatement final : public sql::StatementImpl {
 public:
  SqliteStatement(SQLite::Database& db, const std::string& sql) : m_db(db.getHandle()) {
    check(sqlite3_prepare_v2(m_db, sql.c_str(), static_cast<int>(sql.size()), &m_handle, nullptr));
  }
  ~SqliteStatement() override { sqlite3_finalize(m_handle); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind(int index, std::int64_t value) override { check(sqlite3_bind_int64(m_handle, index, value)); }
  void bind(int index, double value) override { check(sqlite3_bind_double(m_handle, index, value)); }
  void bind(int index, const std::string& value) override {
    check(sqlite3_bind_text(m_handle, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT));
  }
  void bind_null(int index) override { check(sqlite3_bind_null(m_handle, index)); }
  bool step() override {
    int result = sqlite3_step(m_handle);
    if (result == SQLITE_ROW) return true;
    if (result == SQLITE_DONE) return false;
    throw SQLite::Exception(m_db, result);
  }
  int exec() override {
    while (step()) {
    }
    return sqlite3_changes(m_db);
  }
  void reset() override {
    sqlite3_reset(m_handle);  // its result repeats the last step's, already reported
    sqlite3_clear_bindings(m_handle);
  }
  bool is_null(int column) override { return sqlite3_column_type(m_handle, column) == SQLITE_NULL; }
  std::int64_t int64(int column) override { return sqlite3_column_int64(m_handle, column); }
  double real(int column) override { return sqlite3_column_double(m_handle, column); }
  std::string_view text(int column) override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_handle, column));
    if (!text) return {};
    return {text, static_cast<std::size_t>(sqlite3_column_bytes(m_handle, column))};
  }

 private:
  sqlite3* m_db;
  sqlite3_stmt* m_handle = nullptr;

  void check(int result) const {
    if (result != SQLITE_OK) throw SQLite::Exception(m_db, result);
  }
};

class SqliteConnection final : public sql::Connection {
 public:
  SqliteConnection(std::string path, const std::string& file, bool read_only, bool uri = false)
      // One connection per process and one thread: SQLite's own mutexes only cost time.
      : m_path(std::move(path)),
        m_read_only(read_only),
        m_db(file, (read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) |
                       SQLite::OPEN_NOMUTEX | (uri ? SQLite::OPEN_URI : 0)) {}

  /// False when a read-only connection found a schema to upgrade: the
  /// caller opens it again for writing.
  bool open(bool in_memory) {
    m_db.setBusyTimeout(busy_timeout_ms());
    m_db.exec("PRAGMA foreign_keys = ON");
    if (m_read_only) {
      if (pragma_value("user_version") != sqlite::migrations().back().version) return false;
      return true;
    }
    sqlite::migrate(m_db, m_path, sqlite::migrations());
    if (!in_memory) {
      m_db.exec("PRAGMA journal_mode = WAL");
      m_db.exec("PRAGMA synchronous = NORMAL");
      // Reading a year of requests at once: a bigger page cache (32 MiB).
      m_db.exec("PRAGMA cache_size = -32768");
    }
    return true;
  }

  /// The operating system's error behind SQLite's last one (ENOSPC, ...).
  int system_errno() { return sqlite3_system_errno(m_db.getHandle()); }

  int pragma_value(const char* name) { return m_db.execAndGet(fmt::format("PRAGMA {}", name)).getInt(); }

  // SQLite steps through rows where they lie: many rows cost no memory.
  std::unique_ptr<sql::StatementImpl> prepare(const std::string& sql, sql::Rows) override {
    return std::make_unique<SqliteStatement>(m_db, sql);
  }
  std::string_view hint(sql::Hint hint) const override {
    switch (hint) {
      case sql::Hint::no_index:
        return "+";
    }
    return "";
  }

  // IMMEDIATE: taking the write lock up front means a busy database waits
  // (busy timeout) instead of failing mid-way.
  void begin_write() override { m_db.exec("BEGIN IMMEDIATE"); }
  // A deferred transaction: one snapshot for every statement of the read
  // (WAL: readers never hold up writers).
  void begin_read() override { m_db.exec("BEGIN"); }
  void commit() override { m_db.exec("COMMIT"); }
  void rollback() noexcept override {
    if (sqlite3_get_autocommit(m_db.getHandle()) == 0) sqlite3_exec(m_db.getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  bool is_retryable(std::exception_ptr) const override { return false; }
  Error as_error(std::exception_ptr error) const override {
    try {
      std::rethrow_exception(error);
    } catch (const SQLite::Exception& engine_error) {
      return sqlite_error(engine_error, m_path, m_read_only, sqlite3_system_errno(m_db.getHandle()));
    } catch (const std::exception& other) {
      return Error(ExitCode::failure, fmt::format("{}: {}", m_path, other.what()));
    }
  }

  std::vector<std::string> check_engine() override {
    std::vector<std::string> problems;
    SQLite::Statement integrity(m_db, "PRAGMA integrity_check");
    while (integrity.executeStep()) {
      auto line = integrity.getColumn(0).getString();
      if (line != "ok") problems.push_back("integrity: " + line);
    }
    SQLite::Statement foreign(m_db, "PRAGMA foreign_key_check");
    while (foreign.executeStep()) {
      problems.push_back(fmt::format("foreign key: row {} of {} points to a missing {}",
                                     foreign.getColumn(1).getString(), foreign.getColumn(0).getString(),
                                     foreign.getColumn(2).getString()));
    }
    for (auto& leftover : sqlite::broken_backups(m_path)) problems.push_back(std::move(leftover));
    return problems;
  }

  bool backup_natively(const std::string& path) override {
    // The copy is born private: no moment where others could read it.
    mode_t previous = ::umask(077);
    try {
      SQLite::Statement vacuum(m_db, "VACUUM INTO ?");
      vacuum.bind(1, path);
      vacuum.exec();
    } catch (...) {
      ::umask(previous);
      throw;
    }
    ::umask(previous);
    return true;
  }

  const std::string& name() const override { return m_path; }
  std::string user() override { return {}; }

 private:
  std::string m_path;
  bool m_read_only;
  SQLite::Database m_db;
};

// A database in a folder nobody here may write to, with no -wal file: fully
// written, and no writer can start (it could not create its -wal), so it is
// read as an immutable file, without the -shm SQLite cannot create.
std::unique_ptr<SqliteConnection> open_frozen(const std::string& path) {
  auto folder = std::filesystem::path(path).parent_path();
  std::error_code ignored;
  if (std::filesystem::exists(path + "-wal", ignored) || ::access(folder.empty() ? "." : folder.c_str(), W_OK) == 0) {
    return nullptr;
  }
  std::string uri = "file:";
  for (char c : std::filesystem::absolute(path, ignored).string()) {
    if (c == '%' || c == '?' || c == '#') {
      uri += fmt::format("%{:02x}", static_cast<unsigned char>(c));
    } else {
      uri += c;
    }
  }
  auto connection = std::make_unique<SqliteConnection>(path, uri + "?immutable=1", true, true);
  return connection->open(false) ? std::move(connection) : nullptr;
}

}  // namespace

std::unique_ptr<sql::Connection> open_sqlite(const std::string& path, IfMissing if_missing, bool read_only) {
  std::error_code ignored;
  auto status = std::filesystem::status(path, ignored);
  bool exists = std::filesystem::exists(status);
  if (std::filesystem::is_directory(status)) {
    throw Error(ExitCode::failure, fmt::format("{}: is a folder, not a database file", path));
  }
  // A pipe would hang the open, a device read as an I/O error.
  if (exists && !std::filesystem::is_regular_file(status)) {
    throw Error(ExitCode::failure, fmt::format("{}: is not a database file (a device or a pipe?)", path));
  }
  if (!exists && if_missing == IfMissing::fail) {
    throw Error(ExitCode::failure,
                fmt::format("no database at {} (nothing logged yet? check --db / REQTRIAGE_DB)", path));
  }
  // A dry run on a store that does not exist yet works on an empty one, and creates nothing.
  bool in_memory = !exists && if_missing == IfMissing::scratch;
  if (!exists && !in_memory) create_private_file(path);
  // A read opens the file read-only, so a database in a read-only place
  // (or owned by another user) can still be read.
  read_only = read_only && exists;
  std::unique_ptr<SqliteConnection> connection;
  try {
    connection = std::make_unique<SqliteConnection>(path, in_memory ? ":memory:" : path, read_only);
    if (connection->open(in_memory)) return connection;
    // An older schema: upgraded by a connection that may write.
    connection.reset();
    connection = std::make_unique<SqliteConnection>(path, path, false);
    connection->open(false);
    return connection;
  } catch (const SQLite::Exception& error) {
    int code = error.getErrorCode();
    int system_errno = connection ? connection->system_errno() : code == SQLITE_CANTOPEN ? errno : 0;
    if (read_only && (code == SQLITE_READONLY || code == SQLITE_CANTOPEN)) {
      try {
        if (auto frozen = open_frozen(path)) return frozen;
      } catch (const SQLite::Exception&) {
        // Reported as the first failure, which says why.
      }
    }
    throw sqlite_error(error, path, read_only, system_errno);
  }
}

}  // namespace reqtriage
