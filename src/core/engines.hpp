#pragma once
// Internal to the storage layer: opening each engine's connection.
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "reqtriage/error.hpp"
#include "reqtriage/store.hpp"
#include "sql.hpp"

namespace reqtriage {

/// The refusal of a database whose schema a newer reqtriage wrote.
inline Error newer_schema_error(const std::string& name, int version, int known) {
  return Error(ExitCode::failure, fmt::format("{} was written by a newer reqtriage (schema version {}; this build "
                                              "knows up to {}); upgrade reqtriage to use it",
                                              name, version, known));
}

/// How long a writer waits for another to finish, in milliseconds
/// ($REQTRIAGE_BUSY_TIMEOUT_MS, default 10 s), on either engine.
inline int busy_timeout_ms() {
  const char* value = std::getenv("REQTRIAGE_BUSY_TIMEOUT_MS");
  return value && *value ? std::atoi(value) : 10000;
}

/// What a writer that waited in vain says, on either engine.
inline BusyError busy_error(const std::string& name) {
  return BusyError(fmt::format("{}: the database is busy (another reqtriage is writing); try again", name));
}

/// Opens (upgrading) an SQLite database file; a missing one is created,
/// refused or stood in for by an empty store in memory, as `if_missing` says.
/// With `read_only`, an existing file is opened only to read.
std::unique_ptr<sql::Connection> open_sqlite(const std::string& path, IfMissing if_missing, bool read_only = false);

/// True for a PostgreSQL connection URL (postgresql://... or postgres://...).
bool is_postgres_url(const std::string& text);

/// Opens (creating, upgrading the schema of) a PostgreSQL database.
std::unique_ptr<sql::Connection> open_postgres(const std::string& url);

/// The URL with any password left out, for messages.
std::string redact_url(const std::string& url);

/// Either engine's connection, by what `path_or_url` looks like.
std::unique_ptr<sql::Connection> open_connection(const std::string& path_or_url, IfMissing if_missing,
                                                bool read_only = false);

struct TableCount;
/// Copies every row of `source` (one consistent snapshot) into the empty
/// `target` in one transaction, then checks each table's row count there.
std::vector<TableCount> copy_between(sql::Connection& source, sql::Connection& target);

}  // namespace reqtriage
