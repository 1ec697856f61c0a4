#pragma once
// Internal to the storage layer: accounts, their names and aliases, renames
// and merges, and the accounts asks create.
#include "sql_session.hpp"

namespace reqtriage {

class SqlAccounts : SqlPart {
 public:
  explicit SqlAccounts(SqlSession& session) : SqlPart(session) {}

  // An account as one transaction found or made it.
  struct Ref {
    std::int64_t id;
    std::string name;  ///< as first recorded, not as typed this time
  };

  Account save_account(const AccountUpdate& update);
  std::vector<Account> list_accounts();
  std::optional<Account> match_account(const std::string& name);
  std::vector<HistoryEntry> rename_account(const std::string& name, const std::string& new_name);
  std::vector<HistoryEntry> merge_accounts(const std::vector<std::string>& names, const std::string& into);
  std::vector<HistoryEntry> unmerge_account(const std::string& name);
  std::vector<HistoryEntry> add_alias(const std::string& name, const std::string& alias);
  std::vector<std::string> currencies_in_use();

  // The account a name stands for, in this transaction (see Store::match_account).
  std::optional<Ref> resolve(const std::string& name);
  // The account, created when the name stands for none.
  Ref ensure(const std::string& now, const std::string& name);
  // Every account and alias by account_key, merged accounts standing for
  // their survivors: once per transaction (an import asks about thousands).
  void load_keys();

 private:
  std::unordered_map<std::string, Ref> m_by_key;  ///< by account_key, this transaction
  bool m_all_loaded = false;
  std::uint64_t m_memo_transaction = 0;

  // Forgets what an earlier transaction found.
  void sync_memo();
  // The account merged away under this exact name (not an alias), if any,
  // with the account it now stands for.
  std::optional<std::pair<Ref, Ref>> merged_under(const std::string& name);
  // Refuses a merge that would make two customers' deals one: both accounts
  // have live asks with the same deal key.
  void refuse_shared_deal_keys(const Ref& merged, const Ref& survivor);
  Account load(std::int64_t id);
};

}  // namespace reqtriage
