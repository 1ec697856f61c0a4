// The store's machinery: transactions, statements, batched inserts, and opening a store.
#include "sql_store.hpp"

namespace reqtriage {

auto SqlStore::rethrow(std::exception_ptr error) -> void {
  try {
    std::rethrow_exception(error);
  } catch (const Error&) {
    throw;
  } catch (...) {
  }
  throw m_db.as_error(error);
}

auto SqlStore::query_number(const std::string& sql) -> std::int64_t {
  Statement query(m_db, sql);
  query.executeStep();
  return query.getColumn(0).getInt64();
}

auto SqlStore::bind_all(Statement& statement, const std::vector<std::string>& params) -> void {
  for (std::size_t i = 0; i < params.size(); ++i) {
    statement.bind(static_cast<int>(i + 1), params[i]);
  }
}

auto SqlStore::optional_cell(const std::optional<std::int64_t>& value) -> Cell {
  return value ? Cell(*value) : Cell(nullptr);
}

auto SqlStore::money_cells(const std::optional<Money>& money) -> std::pair<Cell, Cell> {
  if (!money) return {nullptr, nullptr};
  return {money->cents, money->currency};
}

auto SqlStore::next_id(const InsertTable& table) -> std::int64_t {
  auto [slot, added] = m_memo.next_ids.try_emplace(&table, 0);
  if (added) slot->second = query_number(fmt::format("SELECT coalesce(max(id), 0) FROM {}", table.name));
  return ++slot->second;
}

auto SqlStore::insert_row(const InsertTable& table, std::vector<Cell> values) -> void {
  if (m_batching) {
    m_pending[table.name].push_back(std::move(values));
    return;
  }
  insert_rows(table, {std::move(values)});
}

auto SqlStore::insert_rows(const InsertTable& table, const std::vector<std::vector<Cell>>& rows) -> void {
  if (rows.empty()) return;
  auto& insert = insert_statement(table, rows.size());
  int index = 0;
  for (const auto& row : rows) {
    for (const auto& value : row) insert.bind(++index, value);
  }
  insert.exec();
}

auto SqlStore::insert_statement(const InsertTable& table, std::size_t rows) -> Statement& {
  auto& slot = m_inserts[{&table, rows}];
  if (slot) {
    slot->reset();
    return *slot;
  }
  slot = std::make_unique<Statement>(
      m_db, sql::insert_sql(table.name, table.columns, table.column_count, rows, table.on_conflict));
  return *slot;
}

auto SqlStore::write_pending() -> void {
  constexpr std::size_t rows_per_statement = 500;
  for (const auto* table : pending_order) {
    auto& rows = m_pending[table->name];
    for (std::size_t start = 0; start < rows.size(); start += rows_per_statement) {
      auto end = std::min(rows.size(), start + rows_per_statement);
      insert_rows(*table, {std::make_move_iterator(rows.begin() + static_cast<long>(start)),
                           std::make_move_iterator(rows.begin() + static_cast<long>(end))});
    }
  }
  m_pending.clear();
}

auto SqlStore::cached(const std::string& sql) -> Statement& {
  auto& slot = m_statements[sql];
  if (!slot) {
    slot = std::make_unique<Statement>(m_db, sql);
  } else {
    slot->reset();
  }
  return *slot;
}


std::string database_name(const std::string& path_or_url) {
  return is_postgres_url(path_or_url) ? redact_url(path_or_url) : path_or_url;
}

std::unique_ptr<Store> open_store(const StoreOptions& options) {
  return std::make_unique<SqlStore>(open_connection(options.path, options.if_missing, options.read_only), options.actor);
}

}  // namespace reqtriage
