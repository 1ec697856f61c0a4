// The store's machinery: transactions, statements, batched inserts, ids and history.
#include "sql_session.hpp"

namespace reqtriage {

void SqlSession::rethrow(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const Error&) {
    throw;
  } catch (...) {
  }
  throw m_db.as_error(error);
}

std::int64_t SqlSession::query_number(const std::string& sql) {
  Statement query(m_db, sql);
  query.executeStep();
  return query.getColumn(0).getInt64();
}

void SqlSession::bind_all(Statement& statement, const std::vector<std::string>& params) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    statement.bind(static_cast<int>(i + 1), params[i]);
  }
}

Statement& SqlSession::cached(const std::string& sql) {
  auto& slot = m_statements[sql];
  if (!slot) {
    slot = std::make_unique<Statement>(m_db, sql);
  } else {
    slot->reset();
  }
  return *slot;
}

std::pair<SqlSession::Cell, SqlSession::Cell> SqlSession::money_cells(const std::optional<Money>& money) {
  if (!money) return {nullptr, nullptr};
  return {money->cents, money->currency};
}

std::int64_t SqlSession::next_id(const InsertTable& table) {
  auto [slot, added] = m_next_ids.try_emplace(&table, 0);
  if (added) slot->second = query_number(fmt::format("SELECT coalesce(max(id), 0) FROM {}", table.name));
  return ++slot->second;
}

void SqlSession::insert_row(const InsertTable& table, std::vector<Cell> values) {
  if (m_batching) {
    m_pending[table.name].push_back(std::move(values));
    return;
  }
  insert_rows(table, {std::move(values)});
}

void SqlSession::insert_rows(const InsertTable& table, const std::vector<std::vector<Cell>>& rows) {
  if (rows.empty()) return;
  auto& insert = insert_statement(table, rows.size());
  int index = 0;
  for (const auto& row : rows) {
    for (const auto& value : row) insert.bind(++index, value);
  }
  insert.exec();
}

Statement& SqlSession::insert_statement(const InsertTable& table, std::size_t rows) {
  auto& slot = m_inserts[{&table, rows}];
  if (slot) {
    slot->reset();
    return *slot;
  }
  slot = std::make_unique<Statement>(
      m_db, sql::insert_sql(table.name, table.columns, table.column_count, rows, table.on_conflict));
  return *slot;
}

void SqlSession::write_pending() {
  constexpr std::size_t rows_per_statement = 500;
  for (const auto* table : tables::pending_order) {
    auto& rows = m_pending[table->name];
    for (std::size_t start = 0; start < rows.size(); start += rows_per_statement) {
      auto end = std::min(rows.size(), start + rows_per_statement);
      insert_rows(*table, {std::make_move_iterator(rows.begin() + static_cast<long>(start)),
                           std::make_move_iterator(rows.begin() + static_cast<long>(end))});
    }
  }
  m_pending.clear();
}

HistoryEntry SqlSession::record(const std::string& now, std::optional<RequestId> request_id,
                                std::optional<std::int64_t> account_id, const std::string& action,
                                const std::string& field, const std::string& old_value,
                                const std::string& new_value) {
  auto id = next_id(tables::history);
  insert_row(tables::history, {id, now, m_actor, optional_cell(request_id), optional_cell(account_id), action, field,
                               old_value, new_value});
  return HistoryEntry{id, now, m_actor, request_id, account_id, "", action, field, old_value, new_value};
}

void SqlSession::touch(RequestId id, const std::string& now) {
  execute("UPDATE requests SET updated_at = ? WHERE id = ?", now, id);
}

void SqlSession::touch_all(std::vector<RequestId> ids, const std::string& now) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  constexpr std::size_t chunk = 500;
  for (std::size_t start = 0; start < ids.size(); start += chunk) {
    auto end = std::min(ids.size(), start + chunk);
    auto& update =
        cached(fmt::format("UPDATE requests SET updated_at = ? WHERE id IN ({})", sql::placeholders(end - start)));
    update.bind(1, now);
    for (auto i = start; i < end; ++i) update.bind(static_cast<int>(i - start + 2), ids[i]);
    update.exec();
  }
}

}  // namespace reqtriage
