// Accounts: segment and ARR, names and aliases, renames and merges, and the
// accounts asks create.
#include "reqtriage/account_names.hpp"
#include "sql_accounts.hpp"

namespace reqtriage {

auto SqlAccounts::save_account(const AccountUpdate& update) -> Account {
  return write([&] {
    auto now = now_utc();
    auto id = ensure(now, update.name).id;
    auto before = load(id);
    if (update.segment && *update.segment != before.segment) {
      execute("UPDATE accounts SET segment = ?, updated_at = ? WHERE id = ?", *update.segment, now, id);
      record(now, std::nullopt, id, "account-changed", "segment", before.segment, *update.segment);
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
             money_text(before.arr), money_text(update.arr));
    }
    return load(id);
  });
}

auto SqlAccounts::list_accounts() -> std::vector<Account> {
  return read([&] {
    Statement query(m_db, fmt::format("SELECT {} FROM accounts ORDER BY name_key", account_columns));
    std::vector<Account> accounts;
    std::map<std::int64_t, std::size_t> index;
    while (query.executeStep()) {
      index[query.getColumn(0).getInt64()] = accounts.size();
      accounts.push_back(read_account(query));
    }
    Statement aliases(m_db, "SELECT account_id, alias FROM account_aliases ORDER BY alias_key");
    while (aliases.executeStep()) {
      if (auto found = index.find(aliases.getColumn(0).getInt64()); found != index.end()) {
        accounts[found->second].aliases.push_back(aliases.getColumn(1).getString());
      }
    }
    return accounts;
  });
}

auto SqlAccounts::match_account(const std::string& name) -> std::optional<Account> {
  return read([&]() -> std::optional<Account> {
    auto found = resolve(name);
    if (!found) return std::nullopt;
    auto account = load(found->id);
    Statement aliases(m_db, "SELECT alias FROM account_aliases WHERE account_id = ? ORDER BY alias_key");
    aliases.bind(1, account.id);
    while (aliases.executeStep()) account.aliases.push_back(aliases.getColumn(0).getString());
    return account;
  });
}

auto SqlAccounts::currencies_in_use() -> std::vector<std::string> {
  return read([&] {
    Statement query(m_db,
                    "SELECT currency FROM asks WHERE currency IS NOT NULL AND deleted_at IS NULL "
                    "UNION SELECT arr_currency FROM accounts WHERE arr_currency IS NOT NULL ORDER BY 1");
    std::vector<std::string> codes;
    while (query.executeStep()) codes.push_back(query.getColumn(0).getString());
    return codes;
  });
}

auto SqlAccounts::load(std::int64_t id) -> Account {
  Statement query(m_db, fmt::format("SELECT {} FROM accounts WHERE id = ?", account_columns));
  query.bind(1, id);
  if (!query.executeStep()) throw NotFoundError(fmt::format("no account #{}", id));
  return read_account(query);
}

auto SqlAccounts::load_keys() -> void {
  sync_memo();
  if (m_all_loaded) return;
  std::map<std::int64_t, Ref> by_id;
  std::map<std::int64_t, std::int64_t> merged_into;
  std::vector<std::pair<std::string, std::int64_t>> names;
  Statement accounts(m_db, "SELECT id, name, merged_into FROM accounts ORDER BY id", sql::Rows::many);
  while (accounts.executeStep()) {
    auto id = accounts.getColumn(0).getInt64();
    by_id[id] = {id, accounts.getColumn(1).getString()};
    if (accounts.getColumn(2).isNull()) {
      m_by_name.emplace(fold_case(by_id[id].name), by_id[id]);
    } else {
      merged_into[id] = accounts.getColumn(2).getInt64();
    }
    names.emplace_back(by_id[id].name, id);
  }
  Statement aliases(m_db, "SELECT alias, account_id FROM account_aliases ORDER BY alias_key");
  while (aliases.executeStep()) names.emplace_back(aliases.getColumn(0).getString(), aliases.getColumn(1).getInt64());
  auto survivor = [&](std::int64_t id) {
    // Merges chain (A into B, then B into C); a chain is never a loop.
    for (std::size_t hops = 0; merged_into.count(id) && hops <= merged_into.size(); ++hops) id = merged_into.at(id);
    return id;
  };
  for (const auto& [name, id] : names) {
    // The oldest account with a key keeps it: two made before keys ignored
    // legal suffixes stay two until merged.
    m_by_key.try_emplace(account_key(name), by_id.at(survivor(id)));
  }
  m_all_loaded = true;
}

auto SqlAccounts::sync_memo() -> void {
  if (m_memo_transaction == m_session.transaction_number()) return;
  m_by_key.clear();
  m_by_name.clear();
  m_all_loaded = false;
  m_memo_transaction = m_session.transaction_number();
}

auto SqlAccounts::exact_name(const std::string& name) -> std::optional<Ref> {
  sync_memo();
  auto folded = fold_case(name);
  if (m_all_loaded) {
    auto known = m_by_name.find(folded);
    return known == m_by_name.end() ? std::nullopt : std::optional(known->second);
  }
  auto& exact = cached("SELECT id, name FROM accounts WHERE name_key = ? AND merged_into IS NULL");
  exact.bind(1, folded);
  std::optional<Ref> found;
  if (exact.executeStep()) found = Ref{exact.getColumn(0).getInt64(), exact.getColumn(1).getString()};
  exact.reset();
  return found;
}

auto SqlAccounts::resolve(const std::string& name) -> std::optional<Ref> {
  // Its own name first (one indexed lookup: most names are typed as first
  // recorded), then a name keyed alike: an alias, a merged account, a suffix.
  if (auto found = exact_name(name)) return found;
  auto key = account_key(name);
  if (auto known = m_by_key.find(key); known != m_by_key.end()) return known->second;
  if (m_all_loaded) return std::nullopt;
  load_keys();
  if (auto known = m_by_key.find(key); known != m_by_key.end()) return known->second;
  return std::nullopt;
}

auto SqlAccounts::ensure(const std::string& now, const std::string& name, bool apart) -> Ref {
  if (auto found = apart ? exact_name(name) : resolve(name)) return *found;
  auto id = next_id(tables::accounts);
  insert_row(tables::accounts, {id, name, fold_case(name), now, now});
  record(now, std::nullopt, id, "account-created", "name", "", name);
  Ref created{id, name};
  m_by_key.emplace(account_key(name), created);
  m_by_name.emplace(fold_case(name), created);
  return created;
}

namespace {

std::string no_account_message(const std::string& name) {
  return fmt::format("no account '{}' (see `reqtriage accounts`)", name);
}

}  // namespace

auto SqlAccounts::merged_under(const std::string& name) -> std::optional<std::pair<Ref, Ref>> {
  Statement find(m_db, "SELECT m.id, m.name, s.id, s.name FROM accounts m JOIN accounts s ON s.id = m.merged_into "
                       "WHERE m.name_key = ? AND m.merged_into IS NOT NULL");
  find.bind(1, fold_case(name));
  if (!find.executeStep()) return std::nullopt;
  return std::pair{Ref{find.getColumn(0).getInt64(), find.getColumn(1).getString()},
                   Ref{find.getColumn(2).getInt64(), find.getColumn(3).getString()}};
}

void SqlAccounts::remember_ask_under_merged_name(const std::string& typed, const Ref& landed_on, AskId ask_id) {
  if (fold_case(typed) == fold_case(landed_on.name)) return;  // its own name: nothing merged
  std::optional<std::int64_t> merged;
  if (auto gone = merged_under(typed)) {
    merged = gone->first.id;
  } else {
    // An alias the merge moved to the survivor.
    auto key = account_key(typed);
    Statement merges(m_db, "SELECT merged_id, alias_keys FROM account_merges WHERE undone_at IS NULL "
                           "AND alias_keys <> '' ORDER BY id DESC");
    while (!merged && merges.executeStep()) {
      for (const auto& moved : split_list(merges.getColumn(1).getString(), '\n')) {
        if (moved == key) merged = merges.getColumn(0).getInt64();
      }
    }
  }
  if (!merged) return;
  execute("UPDATE account_merges SET ask_ids = CASE WHEN ask_ids = '' THEN ? ELSE ask_ids || ',' || ? END "
          "WHERE id = (SELECT max(id) FROM account_merges WHERE merged_id = ? AND undone_at IS NULL)",
          std::to_string(ask_id), std::to_string(ask_id), *merged);
}

auto SqlAccounts::rename_account(const std::string& name, const std::string& new_name) -> std::vector<HistoryEntry> {
  return write([&] {
    auto found = resolve(name);
    if (!found) throw NotFoundError(no_account_message(name));
    if (auto merged = merged_under(new_name)) {
      throw InputError(fmt::format("NEW: '{}' is the name of an account merged into '{}'; unmerge it first "
                                   "(`reqtriage account unmerge '{}'`) or choose another name",
                                   merged->first.name, merged->second.name, merged->first.name));
    }
    if (auto other = resolve(new_name); other && other->id != found->id) {
      throw InputError(fmt::format("NEW: '{}' is already account '{}'; merge them with `reqtriage account merge "
                                   "'{}' --into '{}'`",
                                   new_name, other->name, found->name, other->name));
    }
    if (found->name == new_name) return std::vector<HistoryEntry>{};
    auto now = now_utc();
    execute("UPDATE accounts SET name = ?, name_key = ?, updated_at = ? WHERE id = ?", new_name, fold_case(new_name),
            now, found->id);
    return std::vector<HistoryEntry>{
        record(now, std::nullopt, found->id, "account-renamed", "name", found->name, new_name)};
  });
}

auto SqlAccounts::add_alias(const std::string& name, const std::string& alias) -> std::vector<HistoryEntry> {
  return write([&] {
    auto found = resolve(name);
    if (!found) throw NotFoundError(no_account_message(name));
    if (auto other = resolve(alias)) {
      if (other->id == found->id) return std::vector<HistoryEntry>{};
      throw InputError(fmt::format("--alias: '{}' is already account '{}'; merge them with `reqtriage account "
                                   "merge '{}' --into '{}'`",
                                   alias, other->name, other->name, found->name));
    }
    auto now = now_utc();
    execute("INSERT INTO account_aliases (alias_key, alias, account_id, created_at) VALUES (?, ?, ?, ?)",
            account_key(alias), alias, found->id, now);
    return std::vector<HistoryEntry>{record(now, std::nullopt, found->id, "account-changed", "alias", "", alias)};
  });
}

auto SqlAccounts::merge_accounts(const std::vector<std::string>& names, const std::string& into)
    -> std::vector<HistoryEntry> {
  return write([&] {
    auto now = now_utc();
    std::vector<Ref> merged;
    for (const auto& name : names) {
      // A name merged away before now stands for another customer: merging
      // "it" again would merge that one.
      if (auto gone = merged_under(name)) {
        throw InputError(fmt::format("NAME: '{}' was merged into '{}' already, so the name stands for '{}' now; name "
                                     "'{}' to merge that customer, or undo the earlier merge with `reqtriage account "
                                     "unmerge '{}'`",
                                     gone->first.name, gone->second.name, gone->second.name, gone->second.name,
                                     gone->first.name));
      }
      auto found = resolve(name);
      if (!found) throw NotFoundError(no_account_message(name));
      merged.push_back(*found);
    }
    auto survivor = ensure(now, into);
    std::vector<HistoryEntry> recorded;
    std::set<std::int64_t> done;
    for (const auto& account : merged) {
      if (account.id == survivor.id) continue;  // "merge A B --into A": A stays
      if (!done.insert(account.id).second) {
        throw InputError(fmt::format("'{}' is named twice", account.name));
      }
      m_deals.refuse_shared_keys(account.id, account.name, survivor.id, survivor.name);
      std::vector<std::string> ask_ids;
      Statement asks(m_db, "SELECT id, request_id FROM asks WHERE account_id = ? ORDER BY id");
      asks.bind(1, account.id);
      std::vector<std::pair<AskId, RequestId>> moved;
      while (asks.executeStep()) moved.emplace_back(asks.getColumn(0).getInt64(), asks.getColumn(1).getInt64());
      for (const auto& [ask_id, request_id] : moved) {
        ask_ids.push_back(std::to_string(ask_id));
        recorded.push_back(record(now, request_id, survivor.id, "ask-changed", fmt::format("ask #{} account", ask_id),
                                  account.name, survivor.name));
      }
      std::vector<std::string> alias_keys;
      Statement aliases(m_db, "SELECT alias_key FROM account_aliases WHERE account_id = ? ORDER BY alias_key");
      aliases.bind(1, account.id);
      while (aliases.executeStep()) alias_keys.push_back(aliases.getColumn(0).getString());
      m_deals.move_all(account.id, survivor.id);
      execute("UPDATE asks SET account_id = ? WHERE account_id = ?", survivor.id, account.id);
      execute("UPDATE accounts SET merged_into = ?, updated_at = ? WHERE id = ?", survivor.id, now, account.id);
      execute("UPDATE accounts SET merged_into = ? WHERE merged_into = ?", survivor.id, account.id);
      execute("UPDATE account_aliases SET account_id = ? WHERE account_id = ?", survivor.id, account.id);
      Statement merge(m_db, "INSERT INTO account_merges (id, merged_id, into_id, ask_ids, at, alias_keys) "
                            "VALUES (?, ?, ?, ?, ?, ?)");
      merge.bind(1, next_id(tables::account_merges));
      merge.bind(2, account.id);
      merge.bind(3, survivor.id);
      merge.bind(4, fmt::format("{}", fmt::join(ask_ids, ",")));
      merge.bind(5, now);
      merge.bind(6, fmt::format("{}", fmt::join(alias_keys, "\n")));
      merge.exec();
      recorded.push_back(record(now, std::nullopt, account.id, "account-merged", "into", "", survivor.name));
    }
    if (recorded.empty()) throw InputError("nothing to merge: every account named is the one to merge into");
    return recorded;
  });
}

auto SqlAccounts::unmerge_account(const std::string& name) -> std::vector<HistoryEntry> {
  return write([&] {
    // The merged account answers to its survivor's name now: find it by its own.
    Statement find(m_db, "SELECT id, name, merged_into FROM accounts WHERE name_key = ? AND merged_into IS NOT NULL");
    find.bind(1, fold_case(name));
    if (!find.executeStep()) {
      throw NotFoundError(fmt::format("no merged account '{}' (give the name it had before the merge)", name));
    }
    Ref merged{find.getColumn(0).getInt64(), find.getColumn(1).getString()};
    Statement latest(m_db,
                     "SELECT id, into_id, ask_ids, alias_keys FROM account_merges WHERE merged_id = ? "
                     "AND undone_at IS NULL ORDER BY id DESC LIMIT 1");
    latest.bind(1, merged.id);
    if (!latest.executeStep()) throw NotFoundError(fmt::format("account '{}' has no merge to undo", name));
    auto merge_id = latest.getColumn(0).getInt64();
    // Its asks sit where it points now: a later merge of the account it was
    // merged into took them further (Initech -> Globex -> Acme).
    auto into = load(find.getColumn(2).getInt64());
    auto ask_ids = split_list(latest.getColumn(2).getString());
    auto alias_keys = split_list(latest.getColumn(3).getString(), '\n');
    auto now = now_utc();
    // The asks still where the merge (and any later one) put them; a deal
    // goes back whole when all its asks do, else the ones going back make it
    // again in their own account.
    struct Going {
      AskId id;
      RequestId request_id;
      std::int64_t deal_id;
    };
    std::vector<Going> going;
    std::map<std::int64_t, std::size_t> going_per_deal;
    for (const auto& text : ask_ids) {
      Statement ask(m_db, "SELECT request_id, coalesce(deal_id, 0) FROM asks WHERE id = ? AND account_id = ?");
      AskId ask_id = std::stoll(text);
      ask.bind(1, ask_id);
      ask.bind(2, into.id);
      if (!ask.executeStep()) continue;  // moved on since: left where it is
      going.push_back({ask_id, ask.getColumn(0).getInt64(), ask.getColumn(1).getInt64()});
      if (going.back().deal_id) ++going_per_deal[going.back().deal_id];
    }
    std::map<std::int64_t, std::int64_t> deal_back;
    for (const auto& [deal_id, count] : going_per_deal) {
      deal_back[deal_id] = m_deals.deal_for_account(deal_id, merged.id, count);
    }
    std::vector<HistoryEntry> recorded;
    for (const auto& [ask_id, request_id, deal_id] : going) {
      Statement back(m_db, "UPDATE asks SET account_id = ?, deal_id = ? WHERE id = ?");
      back.bind(1, merged.id);
      if (deal_id) {
        back.bind(2, deal_back[deal_id]);
      } else {
        back.bind(2);
      }
      back.bind(3, ask_id);
      back.exec();
      recorded.push_back(record(now, request_id, merged.id, "ask-changed", fmt::format("ask #{} account", ask_id),
                                into.name, merged.name));
    }
    for (const auto& [deal_id, count] : going_per_deal) m_deals.drop_if_unused(deal_id);
    for (const auto& key : alias_keys) {
      execute("UPDATE account_aliases SET account_id = ? WHERE alias_key = ? AND account_id = ?", merged.id, key,
              into.id);
    }
    execute("UPDATE accounts SET merged_into = NULL, updated_at = ? WHERE id = ?", now, merged.id);
    execute("UPDATE account_merges SET undone_at = ? WHERE id = ?", now, merge_id);
    recorded.push_back(record(now, std::nullopt, merged.id, "account-unmerged", "from", into.name, ""));
    return recorded;
  });
}

}  // namespace reqtriage
