#pragma once
// Internal to the storage layer: the store over either engine, put together
// from one part per concern, each a class in its own file:
//   sql_session          transactions, statements, batched inserts, ids, history rows
//   sql_requests         requests and asks: log, change, find, list, stream
//   sql_request_asks     asks entering a request and its deal: add, place, a deal's figures
//   sql_ask_corrections  corrections to asks: edit, move, delete, restore
//   sql_deals            deals as records: their figures reach every ask of them
//   sql_accounts         accounts: names, aliases, renames, merges
//   sql_import           imports, batch by batch
//   sql_merges           merge, unmerge, not-duplicate pairs
//   sql_deletions        junk requests taken out and brought back
//   sql_history          history and ranking snapshots
//   sql_maintenance      doctor's checks and backups
// Together with the engines' files, the only place that knows SQL.
#include "sql_ask_corrections.hpp"
#include "sql_deletions.hpp"
#include "sql_history.hpp"
#include "sql_import.hpp"
#include "sql_maintenance.hpp"
#include "sql_merges.hpp"

namespace reqtriage {

class SqlStore final : public Store {
 public:
  SqlStore(std::unique_ptr<sql::Connection> connection, std::string actor)
      : m_session(std::move(connection), std::move(actor)),
        m_deals(m_session),
        m_accounts(m_session, m_deals),
        m_requests(m_session, m_accounts, m_deals),
        m_corrections(m_session, m_requests, m_accounts),
        m_import(m_session, m_requests, m_accounts, m_deals),
        m_merges(m_session, m_requests),
        m_deletions(m_session, m_requests),
        m_history(m_session),
        m_maintenance(m_session) {}

  LoggedIds log_request(const NewRequest& request, const std::optional<NewAsk>& ask) override {
    return m_requests.log_request(request, ask);
  }
  AskId add_ask(RequestId request_id, const NewAsk& ask) override { return m_requests.add_ask(request_id, ask); }
  std::vector<HistoryEntry> update_request(RequestId id, const RequestChanges& changes) override {
    return m_requests.update_request(id, changes);
  }
  std::vector<HistoryEntry> update_requests(
      const std::vector<std::pair<RequestId, RequestChanges>>& changes) override {
    return m_requests.update_requests(changes);
  }
  ImportCounts import_rows(const ImportBatches& next_batch, bool dry_run,
                           const std::function<void(std::size_t)>& progress) override {
    return m_import.import_rows(next_batch, dry_run, progress);
  }
  std::vector<HistoryEntry> merge(const std::vector<RequestId>& ids, RequestId survivor) override {
    return m_merges.merge(ids, survivor);
  }
  std::vector<HistoryEntry> unmerge(RequestId id) override { return m_merges.unmerge(id); }
  std::vector<HistoryEntry> delete_request(RequestId id, const std::string& reason) override {
    return m_deletions.delete_request(id, reason);
  }
  std::vector<HistoryEntry> restore_request(RequestId id) override { return m_deletions.restore_request(id); }
  std::vector<MergeRecord> merges() override { return m_merges.merges(); }
  void mark_not_duplicate(RequestId a, RequestId b) override { m_merges.mark_not_duplicate(a, b); }
  std::vector<std::pair<RequestId, RequestId>> not_duplicates() override { return m_merges.not_duplicates(); }
  DecisionTitles decision_titles() override { return m_merges.decision_titles(); }

  std::size_t count_requests() override { return m_requests.count_requests(); }
  std::size_t title_word_frequency(const std::string& word) override {
    return m_requests.title_word_frequency(word);
  }
  std::vector<Request> requests_sharing_title_words(const std::vector<std::pair<std::string, double>>& words,
                                                         std::size_t limit) override {
    return m_requests.requests_sharing_title_words(words, limit);
  }

  std::int64_t save_snapshot(const RankSnapshot& snapshot) override { return m_history.save_snapshot(snapshot); }
  std::optional<RankSnapshot> latest_snapshot(const std::string& before, const std::string& profile) override {
    return m_history.latest_snapshot(before, profile);
  }
  std::vector<HistoryEntry> history(std::optional<RequestId> id) override { return m_history.history(id); }
  std::vector<HistoryEntry> recent_history(const std::function<bool(const HistoryEntry&)>& wanted) override {
    return m_history.recent_history(wanted);
  }

  std::vector<std::string> check() override {
    auto problems = m_maintenance.check();
    for (auto& problem : m_history.snapshot_problems()) problems.push_back(std::move(problem));
    return problems;
  }
  std::vector<std::string> upgrade_notes() override { return m_maintenance.upgrade_notes(); }
  void backup_to(const std::string& path) override { m_maintenance.backup_to(path); }

  Account save_account(const AccountUpdate& update) override { return m_accounts.save_account(update); }
  std::optional<Account> match_account(const std::string& name) override { return m_accounts.match_account(name); }
  std::vector<Account> list_accounts() override { return m_accounts.list_accounts(); }
  std::vector<HistoryEntry> rename_account(const std::string& name, const std::string& new_name) override {
    return m_accounts.rename_account(name, new_name);
  }
  std::vector<HistoryEntry> merge_accounts(const std::vector<std::string>& names, const std::string& into) override {
    return m_accounts.merge_accounts(names, into);
  }
  std::vector<HistoryEntry> unmerge_account(const std::string& name) override {
    return m_accounts.unmerge_account(name);
  }
  std::vector<HistoryEntry> add_alias(const std::string& name, const std::string& alias) override {
    return m_accounts.add_alias(name, alias);
  }
  std::vector<std::string> currencies_in_use() override { return m_accounts.currencies_in_use(); }

  std::optional<Ask> find_ask(AskId id) override { return m_corrections.find_ask(id); }
  std::vector<HistoryEntry> update_ask(AskId id, const AskChanges& changes) override {
    return m_corrections.update_ask(id, changes);
  }
  std::vector<HistoryEntry> move_ask(AskId id, RequestId to) override { return m_corrections.move_ask(id, to); }
  std::vector<HistoryEntry> delete_ask(AskId id, const std::string& reason) override {
    return m_corrections.delete_ask(id, reason);
  }
  std::vector<HistoryEntry> restore_ask(AskId id) override { return m_corrections.restore_ask(id); }

  std::optional<Request> find_request(RequestId id) override { return m_requests.find_request(id); }
  std::vector<Request> list_requests(const RequestFilter& filter) override { return m_requests.list_requests(filter); }
  std::vector<std::string> list_reps() override { return m_requests.list_reps(); }
  std::vector<RequestId> requests_linked_to(const std::string& key) override {
    return m_requests.requests_linked_to(key);
  }
  void for_each_ask(const RequestFilter& filter, const std::function<void(const Ask&)>& visit) override {
    m_requests.for_each_ask(filter, visit);
  }
  void for_each_ask_by_account(const RequestFilter& filter, const std::function<void(const Ask&)>& visit) override {
    m_requests.for_each_ask_by_account(filter, visit);
  }
  void for_each_deal_group(const RequestFilter& filter,
                           const std::function<void(RequestId, const std::vector<const Ask*>&)>& visit) override {
    m_requests.for_each_deal_group(filter, visit);
  }
  void for_each_request_with_deals(
      const RequestFilter& filter,
      const std::function<void(const Request&, const std::vector<const Ask*>&)>& visit) override {
    m_requests.for_each_request_with_deals(filter, visit);
  }
  std::vector<Ask> asks_of(RequestId id) override { return m_requests.asks_of(id); }

 private:
  SqlSession m_session;
  SqlDeals m_deals;
  SqlAccounts m_accounts;
  SqlRequests m_requests;
  SqlAskCorrections m_corrections;
  SqlImport m_import;
  SqlMerges m_merges;
  SqlDeletions m_deletions;
  SqlHistory m_history;
  SqlMaintenance m_maintenance;
};

}  // namespace reqtriage
