#pragma once
// Internal to the storage layer: accounts, their names and aliases, renames
// and merges, and the accounts asks create.
#include "sql_deals.hpp"

namespace reqtriage {

class SqlAccounts : SqlPart {
 public:
  SqlAccounts(SqlSession& session, SqlDeals& deals) : SqlPart(session), m_deals(deals) {}

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
  // The account not merged of exactly this name (but for case).
  std::optional<Ref> exact_name(const std::string& name);
  // The account, created when the name stands for none; `apart`: the one of
  // exactly this name, created beside one keyed alike (--new-account).
  Ref ensure(const std::string& now, const std::string& name, bool apart = false);
  // Every account and alias by account_key, merged accounts standing for
  // their survivors: once per transaction (an import asks about thousands).
  void load_keys();
  // An ask logged under the name (or an alias) of an account merged away
  // lands on the survivor; its merge remembers it, so unmerge takes it back.
  void remember_ask_under_merged_name(const std::string& typed, const Ref& landed_on, AskId ask_id);

 private:
  SqlDeals& m_deals;
  std::unordered_map<std::string, Ref> m_by_key;  ///< by account_key, this transaction
  std::unordered_map<std::string, Ref> m_by_name;  ///< accounts not merged, by fold_case(name), once loaded
  bool m_all_loaded = false;
  std::uint64_t m_memo_transaction = 0;

  // Forgets what an earlier transaction found.
  void sync_memo();
  // The account merged away under this exact name (not an alias), if any,
  // with the account it now stands for.
  std::optional<std::pair<Ref, Ref>> merged_under(const std::string& name);
  Account load(std::int64_t id);
};

}  // namespace reqtriage
