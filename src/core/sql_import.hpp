#pragma once
// Internal to the storage layer: imports, batch by batch: rows matched by
// import key, title and account.
#include "sql_requests.hpp"

namespace reqtriage {

class SqlImport : SqlPart {
 public:
  SqlImport(SqlSession& session, SqlRequests& requests, SqlAccounts& accounts, SqlDeals& deals)
      : SqlPart(session), m_requests(requests), m_accounts(accounts), m_deals(deals) {}

  ImportCounts import_rows(const ImportBatches& next_batch, bool dry_run,
                           const std::function<void(std::size_t)>& progress);

 private:
  SqlRequests& m_requests;
  SqlAccounts& m_accounts;
  SqlDeals& m_deals;

  // An imported ask, as the next row with its import key compares with it.
  struct ImportedAsk {
    AskId id = 0;
    RequestId request_id = 0;
    std::int64_t account_id = 0;
    std::optional<Money> value;
    std::string stage, close_date, rep, note, deal;
    Importance importance = Importance::unset;
    bool deleted = false;  ///< deleted by hand: the import leaves it so
  };
  // What the batch looked up: what is not here is not in the database either.
  // The request a title lands on: an open one, else a declined or shipped one.
  struct TitleTarget {
    RequestId id = 0;
    bool decided = false;  ///< declined or shipped: sales has its answer
    bool merged_away = false;  ///< the title is a merged request's: this is its survivor
  };
  std::unordered_map<std::string, TitleTarget> m_titles;  ///< by title_key
  std::unordered_map<std::string, ImportedAsk> m_imported;   ///< by import_key

  // One batch of an import: looked up together, written together, then
  // forgotten, so an import of any size holds one batch in memory.
  void import_batch(const std::string& now, const std::vector<ImportRow>& rows, ImportCounts& counts);
  // Looks up, a few hundred to a statement, everything the rows will ask
  // about: asks by import key, open requests by title, and the accounts.
  void prefetch(const std::vector<ImportRow>& rows);
  // Runs `sql_with_list` (its "{}" an IN list) over the values, 500 at a
  // time, calling `visit` for each row found.
  template <typename Visit>
  void for_each_chunk(const std::set<std::string>& values, const char* sql_with_list, Visit&& visit) {
    constexpr std::size_t chunk = 500;
    std::vector<const std::string*> batch;
    auto run = [&] {
      if (batch.empty()) return;
      Statement query(m_db, fmt::format(fmt::runtime(sql_with_list), sql::placeholders(batch.size())));
      for (std::size_t i = 0; i < batch.size(); ++i) query.bind(static_cast<int>(i + 1), *batch[i]);
      while (query.executeStep()) visit(query);
      batch.clear();
    };
    for (const auto& value : values) {
      batch.push_back(&value);
      if (batch.size() == chunk) run();
    }
    run();
  }
  // Returns the request whose updated_at the row changed, if any.
  std::optional<RequestId> import_row(const std::string& now, const ImportRow& row, ImportCounts& counts);
  void remember(const ImportRow& row, AskId id, RequestId request_id);
  // The file's word on an ask imported before: its deal and the deal's
  // figures (which reach every ask of the deal), its rep, note and importance.
  void update_imported_ask(const std::string& now, const ImportedAsk& before, const NewAsk& ask,
                           ImportCounts& counts);
};

}  // namespace reqtriage
