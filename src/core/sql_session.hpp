#pragma once
// Internal to the storage layer: what every part of the store shares over
// one connection: transactions (retried on PostgreSQL's conflicts), cached
// statements, inserts (batched during imports), new ids, and the history
// every change records. The parts (sql_requests, sql_accounts, ...) are
// built on it; SqlStore puts them behind the Store interface.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "engines.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/store.hpp"
#include "reqtriage/text.hpp"
#include "sql.hpp"
#include "sql_rows.hpp"

namespace reqtriage {

// A table the write helpers insert into, with its columns in order.
struct InsertTable {
  const char* name;
  const char* columns;
  std::size_t column_count;
  const char* on_conflict;  ///< appended to the INSERT
};

namespace tables {
inline constexpr InsertTable accounts{"accounts", "id, name, name_key, created_at, updated_at", 5, ""};
inline constexpr InsertTable requests{
    "requests", "id, title, title_key, description, area, effort, created_at, updated_at", 8, ""};
inline constexpr InsertTable tags{"request_tags", "request_id, tag", 2, " ON CONFLICT DO NOTHING"};
inline constexpr InsertTable links{"request_links", "request_id, link, tracker_key", 3, " ON CONFLICT DO NOTHING"};
inline constexpr InsertTable terms{"request_terms", "term, request_id", 2, " ON CONFLICT DO NOTHING"};
inline constexpr InsertTable asks{
    "asks",
    "id, request_id, origin_request_id, account_id, value_cents, currency, stage, close_date, rep, source, "
    "note, created_at, import_key, deal, importance, deal_id",
    16, ""};
inline constexpr InsertTable deals{
    "deals", "id, account_id, deal_key, value_cents, currency, stage, close_date", 7, ""};
inline constexpr InsertTable history{
    "history", "id, at, actor, request_id, account_id, action, field, old_value, new_value", 9, ""};
// Written by their own statements; here for their ids.
inline constexpr InsertTable merges{"merges", "", 0, ""};
inline constexpr InsertTable snapshots{"snapshots", "", 0, ""};
inline constexpr InsertTable account_merges{"account_merges", "", 0, ""};
// Parents before children, as pending rows are written.
inline constexpr const InsertTable* pending_order[] = {&accounts, &requests, &tags, &terms, &deals, &asks, &history};
}  // namespace tables

// New rows take the next id after the highest (SQLite's own rule for its row
// ids), counted here (next_id) rather than by a PostgreSQL sequence: a
// sequence moves on even when a transaction rolls back, so a dry run or a
// failed import would leave gaps, and ids would differ between the engines.
// Two writers racing for one id on PostgreSQL make it refuse one
// transaction, which then runs again (see `transaction`). Knowing ids up
// front also lets an import send its rows many to a statement.
class SqlSession {
 public:
  using Cell = sql::Value;

  SqlSession(std::unique_ptr<sql::Connection> connection, std::string actor)
      : m_connection(std::move(connection)), m_db(*m_connection), m_actor(std::move(actor)) {
    // The database knows who is connected better than $USER does.
    if (auto user = m_db.user(); !user.empty()) m_actor = user;
  }

  sql::Connection& db() { return m_db; }
  const std::string& actor() const { return m_actor; }
  /// Counts transactions begun, so a part can tell its memo is from an earlier one.
  std::uint64_t transaction_number() const { return m_transaction_number; }

  // Runs `work` in one write transaction and commits it. PostgreSQL may
  // refuse a transaction that raced another client's (serializable
  // isolation; reqtriage's own writers take turns): it is then run again
  // from the start, a few times, with a growing pause.
  template <typename Work>
  auto write(Work&& work) -> decltype(work()) {
    return transaction(work, true);
  }

  // The same, rolled back at the end: what would have happened.
  template <typename Work>
  auto write_and_roll_back(Work&& work) -> decltype(work()) {
    return transaction(work, false);
  }

  template <typename Work>
  auto transaction(Work& work, bool keep, bool may_retry = true) -> decltype(work()) {
    const int attempts = may_retry ? 40 : 1;
    for (int attempt = 1;; ++attempt) {
      try {
        m_db.begin_write();
        m_in_transaction = true;
        ++m_transaction_number;
        m_next_ids.clear();
        auto result = work();
        if (keep) {
          m_db.commit();
        } else {
          m_db.rollback();
        }
        m_in_transaction = false;
        return result;
      } catch (...) {
        m_db.rollback();
        m_in_transaction = false;
        m_batching = false;
        m_pending.clear();
        auto error = std::current_exception();
        if (!may_retry && m_db.is_retryable(error)) throw busy_error(m_db.name());
        if (attempt < attempts && m_db.is_retryable(error)) {
          // Random pauses, so the writers that collided do not collide again.
          std::uniform_int_distribution<int> pause_ms(1, 4 << std::min(attempt, 6));
          std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(m_random)));
          continue;
        }
        rethrow(error);
      }
    }
  }

  template <typename Work>
  auto read(Work&& work) -> decltype(work()) {
    try {
      if (m_in_transaction) return work();
      m_db.begin_read();
      m_in_transaction = true;
      ++m_transaction_number;
      struct EndRead {
        SqlSession& session;
        ~EndRead() {
          session.m_in_transaction = false;
          session.m_db.rollback();  // nothing to keep
        }
      } end{*this};
      return work();
    } catch (...) {
      rethrow(std::current_exception());
    }
  }

  // The tool's own errors pass; an engine's become one with a clear message.
  [[noreturn]] void rethrow(std::exception_ptr error);

  // Runs a statement that returns one number.
  std::int64_t query_number(const std::string& sql);

  static void bind_all(Statement& statement, const std::vector<std::string>& params);

  // A prepared statement for this SQL, reset and ready to bind: the write
  // helpers run once per row of an import, and preparing is the slow part.
  Statement& cached(const std::string& sql);

  // Runs a cached statement with its parameters bound in order; returns the
  // number of rows it changed.
  template <typename... Args>
  int execute(const std::string& sql, const Args&... args) {
    auto& statement = cached(sql);
    int index = 0;
    (bind_value(statement, ++index, args), ...);
    return statement.exec();
  }

  static Cell optional_cell(const std::optional<std::int64_t>& value) {
    return value ? Cell(*value) : Cell(nullptr);
  }
  static std::pair<Cell, Cell> money_cells(const std::optional<Money>& money);

  // The id the next row of `table` takes (see the note on the class).
  std::int64_t next_id(const InsertTable& table);

  // Inserts one row now, or, while an import batches, keeps it for
  // write_pending: many rows to a statement save PostgreSQL a round trip
  // each, and SQLite a statement run each (15% of a 10,000-row import).
  void insert_row(const InsertTable& table, std::vector<Cell> values);

  // While batching, insert_row keeps rows for write_pending.
  void start_batching() {
    m_batching = true;
    m_pending.clear();
  }
  bool batching() const { return m_batching; }
  // Writes the rows kept, many to a statement, parents first.
  void write_pending();
  void stop_batching() {
    m_batching = false;
    write_pending();
  }

  HistoryEntry record(const std::string& now, std::optional<RequestId> request_id,
                      std::optional<std::int64_t> account_id, const std::string& action, const std::string& field,
                      const std::string& old_value, const std::string& new_value);

  void touch(RequestId id, const std::string& now);
  // Touches each request once, 500 to a statement.
  void touch_all(std::vector<RequestId> ids, const std::string& now);

 private:
  std::unique_ptr<sql::Connection> m_connection;
  sql::Connection& m_db;
  std::string m_actor;
  std::unordered_map<std::string, std::unique_ptr<Statement>> m_statements;
  std::unordered_map<const void*, std::int64_t> m_next_ids;  ///< by InsertTable, this transaction
  bool m_in_transaction = false;
  std::uint64_t m_transaction_number = 0;
  bool m_batching = false;
  std::unordered_map<std::string, std::vector<std::vector<Cell>>> m_pending;  ///< by table name
  std::map<std::pair<const void*, std::size_t>, std::unique_ptr<Statement>> m_inserts;  ///< by table, rows
  std::minstd_rand m_random{std::random_device{}()};

  static void bind_value(Statement& statement, int index, const std::string& value) { statement.bind(index, value); }
  static void bind_value(Statement& statement, int index, const char* value) { statement.bind(index, value); }
  static void bind_value(Statement& statement, int index, std::int64_t value) { statement.bind(index, value); }
  static void bind_value(Statement& statement, int index, double value) { statement.bind(index, value); }
  static void bind_value(Statement& statement, int index, const Cell& value) { statement.bind(index, value); }

  // One INSERT for all the rows.
  void insert_rows(const InsertTable& table, const std::vector<std::vector<Cell>>& rows);
  // The prepared INSERT of `rows` rows into the table, reset: made once per
  // shape, as an import inserts hundreds of thousands of rows.
  Statement& insert_statement(const InsertTable& table, std::size_t rows);
};

// A part of the store: its own concern, the session's machinery under the
// names the SQL code uses.
class SqlPart {
 protected:
  using Cell = SqlSession::Cell;

  explicit SqlPart(SqlSession& session) : m_session(session), m_db(session.db()) {}

  template <typename Work>
  auto write(Work&& work) -> decltype(work()) {
    return m_session.write(work);
  }
  template <typename Work>
  auto read(Work&& work) -> decltype(work()) {
    return m_session.read(work);
  }
  Statement& cached(const std::string& sql) { return m_session.cached(sql); }
  template <typename... Args>
  int execute(const std::string& sql, const Args&... args) {
    return m_session.execute(sql, args...);
  }
  std::int64_t query_number(const std::string& sql) { return m_session.query_number(sql); }
  std::int64_t next_id(const InsertTable& table) { return m_session.next_id(table); }
  void insert_row(const InsertTable& table, std::vector<Cell> values) {
    m_session.insert_row(table, std::move(values));
  }
  HistoryEntry record(const std::string& now, std::optional<RequestId> request_id,
                      std::optional<std::int64_t> account_id, const std::string& action, const std::string& field,
                      const std::string& old_value, const std::string& new_value) {
    return m_session.record(now, request_id, account_id, action, field, old_value, new_value);
  }
  void touch(RequestId id, const std::string& now) { m_session.touch(id, now); }

  SqlSession& m_session;
  sql::Connection& m_db;
};

}  // namespace reqtriage
