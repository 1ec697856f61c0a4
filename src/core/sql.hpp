#pragma once
// Internal to the storage layer: the little the store needs of an SQL engine
// (statements with parameters and rows, transactions, errors), so one store
// runs on SQLite and on PostgreSQL. The SQL itself is written once, in the
// common dialect of the two; `Connection::hint` and the schemas are where
// they differ.
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "reqtriage/error.hpp"

namespace reqtriage::sql {

/// One engine's prepared statement and its current row.
class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual void bind(int index, std::int64_t value) = 0;
  virtual void bind(int index, double value) = 0;
  virtual void bind(int index, const std::string& value) = 0;
  virtual void bind_null(int index) = 0;
  /// Runs the statement on first call; moves to the next row. False when done.
  virtual bool step() = 0;
  /// Runs a statement that returns no rows; returns the rows it changed.
  virtual int exec() = 0;
  /// Ready to run again; bindings are cleared.
  virtual void reset() = 0;
  virtual bool is_null(int column) = 0;
  virtual std::int64_t int64(int column) = 0;
  virtual double real(int column) = 0;
  virtual std::string_view text(int column) = 0;
};

class Statement;

/// A column of the current row (SQLiteCpp's names, which the store grew up with).
class Column {
 public:
  Column(StatementImpl& statement, int index) : m_statement(statement), m_index(index) {}
  bool isNull() const { return m_statement.is_null(m_index); }
  std::int64_t getInt64() const { return m_statement.int64(m_index); }
  int getInt() const { return static_cast<int>(m_statement.int64(m_index)); }
  double getDouble() const { return m_statement.real(m_index); }
  std::string getString() const { return std::string(m_statement.text(m_index)); }
  std::string_view getView() const { return m_statement.text(m_index); }

 private:
  StatementImpl& m_statement;
  int m_index;
};

class Connection;

/// How many rows a query may return. Many: a whole table's worth, which an
/// engine that would otherwise hold them all in memory (PostgreSQL) fetches
/// a chunk at a time.
enum class Rows { few, many };

/// A value to bind: NULL, a number or text.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

/// "?, ?, ?": `count` parameters for an IN list.
inline std::string placeholders(std::size_t count) {
  std::string list = count > 0 ? "?" : "";
  for (std::size_t i = 1; i < count; ++i) list += ", ?";
  return list;
}

/// An INSERT of `rows` rows of the named columns (both engines take many
/// rows to one statement).
inline std::string insert_sql(std::string_view table, std::string_view columns, std::size_t column_count,
                              std::size_t rows, std::string_view suffix = "") {
  auto row = "(" + placeholders(column_count) + ")";
  std::string sql = "INSERT INTO " + std::string(table) + " (" + std::string(columns) + ") VALUES " + row;
  for (std::size_t i = 1; i < rows; ++i) sql += ", " + row;
  return sql + std::string(suffix);
}

/// A statement with `?` or `?N` parameters, numbered from 1.
class Statement {
 public:
  Statement(Connection& connection, const std::string& sql, Rows rows = Rows::few);
  void bind(int index, std::int64_t value) { m_impl->bind(index, value); }
  void bind(int index, int value) { m_impl->bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, double value) { m_impl->bind(index, value); }
  void bind(int index, const std::string& value) { m_impl->bind(index, value); }
  void bind(int index, const char* value) { m_impl->bind(index, std::string(value)); }
  void bind(int index) { m_impl->bind_null(index); }
  void bind(int index, const Value& value) {
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
      bind(index, *number);
    } else if (const auto* real = std::get_if<double>(&value)) {
      bind(index, *real);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      bind(index, *text);
    } else {
      bind(index);
    }
  }
  bool executeStep() { return m_impl->step(); }
  int exec() { return m_impl->exec(); }
  void reset() { m_impl->reset(); }
  Column getColumn(int index) { return Column(*m_impl, index); }

 private:
  std::unique_ptr<StatementImpl> m_impl;
};

/// What the two engines spell differently.
enum class Hint {
  /// Prefix for a column in a condition, telling SQLite not to use its index
  /// (where a scan is faster); nothing on PostgreSQL.
  no_index,
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual std::unique_ptr<StatementImpl> prepare(const std::string& sql, Rows rows) = 0;
  virtual std::string_view hint(Hint hint) const = 0;

  /// A write transaction holding the write lock from the start: writers
  /// take turns on both engines, each waiting up to the busy timeout.
  virtual void begin_write() = 0;
  /// A read of consistent data across several statements.
  virtual void begin_read() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  /// True when the exception being handled means "run the transaction again"
  /// (a serialization failure or deadlock on PostgreSQL).
  virtual bool is_retryable(std::exception_ptr error) const = 0;
  /// An engine's exception as the tool's Error, with a clear message naming
  /// the database.
  virtual Error as_error(std::exception_ptr error) const = 0;

  /// The engine's own consistency checks; one line per problem.
  virtual std::vector<std::string> check_engine() = 0;
  /// Writes a consistent copy, private to the user, to the new file `path`
  /// in the engine's own way; false when it has none.
  virtual bool backup_natively(const std::string& path) = 0;
  /// The database as the user knows it (a path, or a URL without password).
  virtual const std::string& name() const = 0;
  /// Who the history should say made each change, when the engine knows
  /// (PostgreSQL's user); empty otherwise.
  virtual std::string user() = 0;
};

inline Statement::Statement(Connection& connection, const std::string& sql, Rows rows)
    : m_impl(connection.prepare(sql, rows)) {}

}  // namespace reqtriage::sql
