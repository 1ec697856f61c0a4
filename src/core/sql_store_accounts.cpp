// Accounts: segment and ARR, lookups, and the accounts asks create.
#include "sql_store.hpp"

namespace reqtriage {

auto SqlStore::save_account(const AccountUpdate& update) -> Account {
  return write([&] {
    auto now = now_utc();
    auto id = ensure_account(now, update.name).id;
    auto before = load_account(id);
    if (update.segment && *update.segment != before.segment) {
      Statement set(m_db, "UPDATE accounts SET segment = ?, updated_at = ? WHERE id = ?");
      set.bind(1, *update.segment);
      set.bind(2, now);
      set.bind(3, id);
      set.exec();
      record(now, std::nullopt, id, "account-changed", "segment", before.segment,
             *update.segment);
    }
    if (update.arr && update.arr != before.arr) {
      Statement set(m_db,
                    "UPDATE accounts SET arr_cents = ?, arr_currency = ?, updated_at = ? "
                    "WHERE id = ?");
      bind_money(set, 1, update.arr);
      set.bind(3, now);
      set.bind(4, id);
      set.exec();
      record(now, std::nullopt, id, "account-changed", "arr",
             before.arr ? format_money(*before.arr) : "", format_money(*update.arr));
    }
    return load_account(id);
  });
}

auto SqlStore::list_accounts() -> std::vector<Account> {
  return read([&] {
    Statement query(m_db, fmt::format("SELECT {} FROM accounts ORDER BY name_key", account_columns));
    std::vector<Account> accounts;
    while (query.executeStep()) accounts.push_back(read_account(query));
    return accounts;
  });
}

auto SqlStore::find_account(const std::string& name) -> std::optional<Account> {
  return read([&]() -> std::optional<Account> {
    Statement query(m_db, fmt::format("SELECT {} FROM accounts WHERE name_key = ?", account_columns));
    query.bind(1, fold_case(name));
    if (!query.executeStep()) return std::nullopt;
    return read_account(query);
  });
}

auto SqlStore::load_account(std::int64_t id) -> Account {
  Statement query(m_db, fmt::format("SELECT {} FROM accounts WHERE id = ?", account_columns));
  query.bind(1, id);
  query.executeStep();
  return read_account(query);
}

auto SqlStore::ensure_account(const std::string& now, const std::string& name) -> AccountRef {
  auto key = fold_case(name);
  if (auto known = m_memo.accounts.find(key); known != m_memo.accounts.end()) return known->second;
  if (!m_memo.prefetched) {
    auto& find = cached("SELECT id, name FROM accounts WHERE name_key = ?");
    find.bind(1, key);
    if (find.executeStep()) {
      AccountRef found{find.getColumn(0).getInt64(), find.getColumn(1).getString()};
      find.reset();
      m_memo.accounts.emplace(key, found);
      return found;
    }
  }
  auto id = next_id(accounts_table);
  insert_row(accounts_table, {id, name, key, now, now});
  record(now, std::nullopt, id, "account-created", "name", "", name);
  m_memo.accounts.emplace(key, AccountRef{id, name});
  return {id, name};
}

}  // namespace reqtriage
