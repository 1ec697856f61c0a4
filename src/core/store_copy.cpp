// Copying a whole store between databases, either engine to either: a local
// store into a team one (`migrate --to`), and a team store into a local file
// (`migrate --to FILE`, `backup`).
#include <fmt/format.h>

#include <filesystem>
#include <variant>

#include "engines.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/store.hpp"

namespace reqtriage {
namespace {

enum class Kind { integer, real, text };

struct CopiedColumn {
  const char* name;
  Kind kind;
};

struct CopiedTable {
  const char* name;
  std::vector<CopiedColumn> columns;
  const char* order;
};

// Every table, parents before children. requests.merged_into may point to a
// later request, so it is copied in a second pass.
const std::vector<CopiedTable>& copied_tables() {
  using enum Kind;
  static const std::vector<CopiedTable> tables{
      {"accounts",
       {{"id", integer}, {"name", text}, {"name_key", text}, {"segment", text}, {"arr_cents", integer},
        {"arr_currency", text}, {"created_at", text}, {"updated_at", text}},
       "id"},
      {"requests",
       {{"id", integer}, {"title", text}, {"title_key", text}, {"description", text}, {"area", text},
        {"effort", real}, {"status", text}, {"reason", text}, {"workaround", text}, {"target", text},
        {"created_at", text}, {"updated_at", text}, {"deleted_at", text}, {"delete_reason", text}},
       "id"},
      {"request_tags", {{"request_id", integer}, {"tag", text}}, "request_id, tag"},
      {"request_links", {{"request_id", integer}, {"link", text}, {"tracker_key", text}}, "request_id, link"},
      {"deals",
       {{"id", integer}, {"account_id", integer}, {"deal_key", text}, {"value_cents", integer}, {"currency", text},
        {"stage", text}, {"close_date", text}},
       "id"},
      {"asks",
       {{"id", integer}, {"request_id", integer}, {"account_id", integer}, {"value_cents", integer},
        {"currency", text}, {"stage", text}, {"close_date", text}, {"rep", text}, {"source", text},
        {"note", text}, {"created_at", text}, {"import_key", text}, {"origin_request_id", integer},
        {"deal", text}, {"importance", text}, {"deleted_at", text}, {"delete_reason", text}, {"deal_id", integer}},
       "id"},
      {"account_aliases", {{"alias_key", text}, {"alias", text}, {"account_id", integer}, {"created_at", text}},
       "alias_key"},
      {"account_merges",
       {{"id", integer}, {"merged_id", integer}, {"into_id", integer}, {"ask_ids", text}, {"at", text},
        {"undone_at", text}, {"alias_keys", text}},
       "id"},
      {"history",
       {{"id", integer}, {"at", text}, {"actor", text}, {"request_id", integer}, {"account_id", integer},
        {"action", text}, {"field", text}, {"old_value", text}, {"new_value", text}},
       "id"},
      {"merges",
       {{"id", integer}, {"merged_id", integer}, {"survivor_id", integer}, {"previous_status", text},
        {"previous_reason", text}, {"previous_updated_at", text}, {"survivor_updated_at", text},
        {"added_tags", text}, {"at", text}, {"undone_at", text}, {"survivor_status", text},
        {"survivor_reason", text}, {"survivor_workaround", text}, {"survivor_target", text}, {"added_links", text}},
       "id"},
      {"snapshots", {{"id", integer}, {"taken_at", text}, {"profile", text}, {"base_id", integer}}, "id"},
      {"snapshot_ranks", {{"snapshot_id", integer}, {"request_id", integer}, {"rank", integer}},
       "snapshot_id, request_id"},
      {"not_duplicates", {{"a", integer}, {"b", integer}, {"at", text}, {"actor", text}}, "a, b"},
      {"request_terms", {{"term", text}, {"request_id", integer}}, "term, request_id"},
  };
  return tables;
}

std::int64_t count_rows(sql::Connection& db, const char* table) {
  sql::Statement count(db, fmt::format("SELECT count(*) FROM {}", table));
  count.executeStep();
  return count.getColumn(0).getInt64();
}

using sql::Value;

Value read_value(sql::Statement& row, int index, Kind kind) {
  auto column = row.getColumn(index);
  if (column.isNull()) return nullptr;
  switch (kind) {
    case Kind::integer:
      return column.getInt64();
    case Kind::real:
      return column.getDouble();
    case Kind::text:
      break;
  }
  return column.getString();
}

// Reads the table in key order and writes it 500 rows to a statement: one
// statement per row would be a network round trip per row on PostgreSQL.
void copy_table(sql::Connection& source, sql::Connection& target, const CopiedTable& table) {
  constexpr std::size_t rows_per_statement = 500;
  std::string names;
  for (const auto& column : table.columns) names += (names.empty() ? "" : ", ") + std::string(column.name);
  std::vector<Value> batch;  // the rows read and not yet written, column after column
  auto write = [&] {
    auto rows = batch.size() / table.columns.size();
    if (rows == 0) return;
    sql::Statement insert(target, sql::insert_sql(table.name, names, table.columns.size(), rows));
    for (std::size_t i = 0; i < batch.size(); ++i) insert.bind(static_cast<int>(i + 1), batch[i]);
    insert.exec();
    batch.clear();
  };
  sql::Statement read(source, fmt::format("SELECT {} FROM {} ORDER BY {}", names, table.name, table.order),
                      sql::Rows::many);
  while (read.executeStep()) {
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      batch.push_back(read_value(read, static_cast<int>(i), table.columns[i].kind));
    }
    if (batch.size() == rows_per_statement * table.columns.size()) write();
  }
  write();
}

void copy_merge_pointers(sql::Connection& source, sql::Connection& target) {
  for (const char* table : {"requests", "accounts"}) {
    sql::Statement read(source, fmt::format("SELECT id, merged_into FROM {} WHERE merged_into IS NOT NULL "
                                            "ORDER BY id", table));
    sql::Statement write(target, fmt::format("UPDATE {} SET merged_into = ? WHERE id = ?", table));
    while (read.executeStep()) {
      write.reset();
      write.bind(1, read.getColumn(1).getInt64());
      write.bind(2, read.getColumn(0).getInt64());
      write.exec();
    }
  }
}

}  // namespace

std::vector<TableCount> copy_between(sql::Connection& source, sql::Connection& target) {
  std::vector<TableCount> counts;
  source.begin_read();
  target.begin_write();
  try {
    for (const char* table : {"requests", "accounts", "history"}) {
      if (auto rows = count_rows(target, table); rows > 0) {
        throw Error(ExitCode::failure,
                    fmt::format("{} is not empty ({} rows in {}); copies go into an empty store only",
                                target.name(), rows, table));
      }
    }
    for (const auto& table : copied_tables()) {
      copy_table(source, target, table);
      counts.push_back({table.name, count_rows(source, table.name)});
    }
    copy_merge_pointers(source, target);
    target.commit();
    source.rollback();
  } catch (...) {
    target.rollback();
    source.rollback();
    throw;
  }
  // Read back what the target now holds.
  for (const auto& [table, rows] : counts) {
    auto copied = count_rows(target, table.c_str());
    if (copied != rows) {
      throw Error(ExitCode::failure, fmt::format("{}: {} holds {} rows after the copy, but {} were copied",
                                                 target.name(), table, copied, rows));
    }
  }
  return counts;
}

std::unique_ptr<sql::Connection> open_connection(const std::string& path_or_url, IfMissing if_missing, bool read_only) {
  return is_postgres_url(path_or_url) ? open_postgres(path_or_url) : open_sqlite(path_or_url, if_missing, read_only);
}

std::vector<TableCount> copy_store(const std::string& from, const std::string& to) {
  auto source = open_connection(from, IfMissing::fail);
  auto target = open_connection(to, IfMissing::create);
  try {
    return copy_between(*source, *target);
  } catch (const Error&) {
    throw;
  } catch (...) {
    // An engine's error; the target is where writes fail.
    throw target->as_error(std::current_exception());
  }
}

}  // namespace reqtriage
