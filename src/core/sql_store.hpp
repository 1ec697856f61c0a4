#pragma once
// Internal to the storage layer: the store over either engine, one class
// whose operations are defined by concern, each in its own file:
//   sql_store.cpp              transactions, statements, batched inserts, opening
//   sql_store_requests.cpp     requests and asks: log, change, find, list, stream
//   sql_store_import.cpp       imports, batch by batch
//   sql_store_merges.cpp       merge, unmerge, not-duplicate pairs
//   sql_store_asks.cpp         corrections to asks: edit, move, delete, restore
//   sql_store_accounts.cpp     accounts: names, aliases, renames, merges
//   sql_store_history.cpp      history and ranking snapshots
//   sql_store_maintenance.cpp  doctor's checks and backups
// Together with the engines' files, the only place that knows SQL.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>
#include <variant>

#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/paths.hpp"
#include "reqtriage/similarity.hpp"
#include "reqtriage/store.hpp"
#include "reqtriage/text.hpp"
#include "engines.hpp"
#include "sql.hpp"
#include "sql_rows.hpp"

namespace reqtriage {

// New rows take the next id after the highest (SQLite's own rule for its row
// ids), counted by the store (next_id) rather than by a PostgreSQL sequence:
// a sequence moves on even when a transaction rolls back, so a dry run or a
// failed import would leave gaps, and ids would differ between the engines.
// Two writers racing for one id on PostgreSQL make it refuse one
// transaction, which then runs again (see `transaction`). Knowing ids up
// front also lets an import send its rows many to a statement.
class SqlStore final : public Store {

 public:

  SqlStore(std::unique_ptr<sql::Connection> connection, std::string actor)
      : m_connection(std::move(connection)), m_db(*m_connection), m_actor(std::move(actor)) {
    // The database knows who is connected better than $USER does.
    if (auto user = m_db.user(); !user.empty()) m_actor = user;
  }


  LoggedIds log_request(const NewRequest& request, const std::optional<NewAsk>& ask) override;


  ImportCounts import_rows(const ImportBatches& next_batch, bool dry_run,
                           const std::function<void(std::size_t)>& progress) override;


  AskId add_ask(RequestId request_id, const NewAsk& ask) override;


  std::vector<HistoryEntry> update_request(RequestId id, const RequestChanges& changes) override;


  Account save_account(const AccountUpdate& update) override;
  std::optional<Account> match_account(const std::string& name) override;
  std::vector<HistoryEntry> rename_account(const std::string& name, const std::string& new_name) override;
  std::vector<HistoryEntry> merge_accounts(const std::vector<std::string>& names, const std::string& into) override;
  std::vector<HistoryEntry> unmerge_account(const std::string& name) override;
  std::vector<HistoryEntry> add_alias(const std::string& name, const std::string& alias) override;
  std::vector<std::string> currencies_in_use() override;

  std::optional<Ask> find_ask(AskId id) override;
  std::vector<HistoryEntry> update_ask(AskId id, const AskChanges& changes) override;
  std::vector<HistoryEntry> move_ask(AskId id, RequestId to) override;
  std::vector<HistoryEntry> delete_ask(AskId id, const std::string& reason) override;
  std::vector<HistoryEntry> restore_ask(AskId id) override;


  std::vector<HistoryEntry> merge(const std::vector<RequestId>& ids, RequestId survivor_id) override;


  std::vector<HistoryEntry> unmerge(RequestId id) override;


  std::int64_t save_snapshot(const RankSnapshot& snapshot) override;


  std::optional<RankSnapshot> latest_snapshot(const std::string& before) override;


  std::vector<std::string> check() override;


  // Text that is not UTF-8 (written by another client: sqlite3, psql)
  // cannot be shown or exported faithfully.
  void find_invalid_text(std::vector<std::string>& problems);


  void backup_to(const std::string& path) override;


  std::vector<MergeRecord> merges() override;


  void mark_not_duplicate(RequestId a, RequestId b) override;


  std::vector<std::pair<RequestId, RequestId>> not_duplicates() override;


  std::size_t count_requests() override;


  std::size_t title_word_frequency(const std::string& word) override;


  std::vector<Request> open_requests_sharing_title_words(
      const std::vector<std::pair<std::string, double>>& words, std::size_t limit) override;


  std::optional<Request> find_request(RequestId id) override;


  std::vector<Request> list_requests(const RequestFilter& filter) override;


  void for_each_ask(const RequestFilter& filter, const std::function<void(const Ask&)>& visit) override;


  void for_each_deal_group(
      const RequestFilter& filter,
      const std::function<void(RequestId, const std::vector<const Ask*>&)>& visit) override;


  std::vector<Ask> asks_of(RequestId id) override;


  std::vector<HistoryEntry> history(std::optional<RequestId> id) override;


  std::vector<Account> list_accounts() override;


  std::optional<Account> find_account(const std::string& name) override;


 private:

  std::unique_ptr<sql::Connection> m_connection;

  sql::Connection& m_db;

  std::string m_actor;

  std::unordered_map<std::string, std::unique_ptr<Statement>> m_statements;

  // What one write transaction has already looked up; it holds the write
  // lock, so nobody else can change these meanwhile. Cleared as each begins.
  struct AccountRef {
    std::int64_t id;
    std::string name;  ///< as first recorded, not as typed this time
  };

  // A value for an INSERT.
  using Cell = sql::Value;


  // An imported ask, as the next row with its import key compares with it.
  struct ImportedAsk {
    AskId id = 0;
    RequestId request_id = 0;
    std::optional<Money> value;
    std::string stage, close_date, rep, note, deal;
    Importance importance = Importance::unset;
    bool deleted = false;  ///< deleted by hand: the import leaves it so
  };

  struct TransactionMemo {
    std::unordered_map<std::string, AccountRef> accounts;      ///< by account_key
    bool accounts_loaded = false;
    std::unordered_map<std::string, RequestId> open_titles;    ///< by title_key
    std::unordered_map<std::string, ImportedAsk> imported;     ///< by import_key
    /// An import looked up all its keys, titles and accounts at once: what
    /// is not in the maps above is not in the database either.
    bool prefetched = false;
    std::unordered_map<const void*, std::int64_t> next_ids;   ///< by InsertTable
  };

  TransactionMemo m_memo;

  bool m_in_transaction = false;

  bool m_batching = false;

  std::unordered_map<std::string, std::vector<std::vector<Cell>>> m_pending;
  ///< by table name
  std::map<std::pair<const void*, std::size_t>, std::unique_ptr<Statement>> m_inserts;
  ///< by table, rows
  std::minstd_rand m_random{std::random_device{}()};


  // Runs `work` in one write transaction and commits it. PostgreSQL may
  // refuse a transaction that raced another client's (serializable
  // isolation; reqtriage's own writers take turns): it is then run again
  // from the start, a few times, with a growing pause.
  template <typename Work>
  auto write(Work&& work) -> decltype(work()) {
    return transaction(work, true);
  }


  // The same, rolled back at the end: what would have happened.
  template <typename Work>
  auto write_and_roll_back(Work&& work) -> decltype(work()) {
    return transaction(work, false);
  }


  template <typename Work>
  auto transaction(Work& work, bool keep, bool may_retry = true) -> decltype(work()) {
    const int attempts = may_retry ? 40 : 1;
    for (int attempt = 1;; ++attempt) {
      try {
        m_db.begin_write();
        m_in_transaction = true;
        m_memo = {};
        auto result = work();
        if (keep) {
          m_db.commit();
        } else {
          m_db.rollback();
        }
        m_in_transaction = false;
        return result;
      } catch (...) {
        m_db.rollback();
        m_in_transaction = false;
        m_batching = false;
        m_pending.clear();
        auto error = std::current_exception();
        if (!may_retry && m_db.is_retryable(error)) throw busy_error(m_db.name());
        if (attempt < attempts && m_db.is_retryable(error)) {
          // Random pauses, so the writers that collided do not collide again.
          std::uniform_int_distribution<int> pause_ms(1, 4 << std::min(attempt, 6));
          std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(m_random)));
          continue;
        }
        rethrow(error);
      }
    }
  }


  template <typename Work>
  auto read(Work&& work) -> decltype(work()) {
    try {
      if (m_in_transaction) return work();
      m_db.begin_read();
      m_in_transaction = true;
      struct EndRead {
        SqlStore& store;
        ~EndRead() {
          store.m_in_transaction = false;
          store.m_db.rollback();  // nothing to keep
        }
      } end{*this};
      return work();
    } catch (...) {
      rethrow(std::current_exception());
    }
  }


  // The tool's own errors pass; an engine's become one with a clear message.
  [[noreturn]] void rethrow(std::exception_ptr error);


  // Runs a statement that returns one number.
  std::int64_t query_number(const std::string& sql);


  static void bind_all(Statement& statement, const std::vector<std::string>& params);


  static std::vector<Ask> read_asks(Statement& query);


  std::optional<Request> query_request(RequestId id);


  Request load_request(RequestId id);


  // Gives requests sorted by id their tags in one pass over request_tags,
  // which is stored in (request_id, tag) order: no lookup per request.
  void attach_tags(std::vector<Request>& requests);


  Account load_account(std::int64_t id);



  static Cell optional_cell(const std::optional<std::int64_t>& value);

  static std::pair<Cell, Cell> money_cells(const std::optional<Money>& money);


  // A table the write helpers insert into, with its columns in order.
  struct InsertTable {
    const char* name;
    const char* columns;
    std::size_t column_count;
    const char* on_conflict;  ///< appended to the INSERT
  };

  static constexpr InsertTable accounts_table{"accounts", "id, name, name_key, created_at, updated_at", 5, ""};

  static constexpr InsertTable requests_table{
      "requests", "id, title, title_key, description, area, effort, created_at, updated_at", 8, ""};

  static constexpr InsertTable tags_table{"request_tags", "request_id, tag", 2, " ON CONFLICT DO NOTHING"};

  static constexpr InsertTable terms_table{"request_terms", "term, request_id", 2, " ON CONFLICT DO NOTHING"};

  static constexpr InsertTable asks_table{
      "asks",
      "id, request_id, origin_request_id, account_id, value_cents, currency, stage, close_date, rep, source, "
      "note, created_at, import_key, deal, importance",
      15, ""};

  static constexpr InsertTable history_table{
      "history", "id, at, actor, request_id, account_id, action, field, old_value, new_value", 9, ""};

  // Written by their own statements; here for their ids.
  static constexpr InsertTable merges_table{"merges", "", 0, ""};

  static constexpr InsertTable snapshots_table{"snapshots", "", 0, ""};

  static constexpr InsertTable account_merges_table{"account_merges", "", 0, ""};

  // Parents before children, as pending rows are written.
  static constexpr const InsertTable* pending_order[] = {&accounts_table, &requests_table, &tags_table,
                                                         &terms_table,    &asks_table,     &history_table};


  // The id the next row of `table` takes (see the note on SqlStore).
  std::int64_t next_id(const InsertTable& table);


  // Inserts one row now, or, while an import batches (on PostgreSQL, where
  // each statement is a round trip), keeps it for write_pending.
  void insert_row(const InsertTable& table, std::vector<Cell> values);


  // One INSERT for all the rows.
  void insert_rows(const InsertTable& table, const std::vector<std::vector<Cell>>& rows);


  // The prepared INSERT of `rows` rows into the table, reset: made once per
  // shape, as an import inserts hundreds of thousands of rows.
  Statement& insert_statement(const InsertTable& table, std::size_t rows);


  // Writes the rows an import kept, many to a statement, parents first.
  void write_pending();


  // A prepared statement for this SQL, reset and ready to bind: the write
  // helpers run once per row of an import, and preparing is the slow part.
  Statement& cached(const std::string& sql);


  static void bind_value(Statement& statement, int index, const std::string& value) { statement.bind(index, value); }

  static void bind_value(Statement& statement, int index, const char* value) { statement.bind(index, value); }

  static void bind_value(Statement& statement, int index, std::int64_t value) { statement.bind(index, value); }

  static void bind_value(Statement& statement, int index, double value) { statement.bind(index, value); }


  // Runs a cached statement with its parameters bound in order; returns the
  // number of rows it changed.
  template <typename... Args>
  int execute(const std::string& sql, const Args&... args) {
    auto& statement = cached(sql);
    int index = 0;
    (bind_value(statement, ++index, args), ...);
    return statement.exec();
  }


  RequestId insert_request(const std::string& now, const NewRequest& request, const std::string& title_key);


  void index_title(RequestId id, const std::string& title);


  // One batch of an import: looked up together, written together, then
  // forgotten, so an import of any size holds one batch in memory.
  void import_batch(const std::string& now, const std::vector<ImportRow>& rows, ImportCounts& counts);


  // Looks up, a few hundred to a statement, everything the rows will ask
  // about: asks by import key, open requests by title, accounts by name.
  void prefetch_for_import(const std::vector<ImportRow>& rows);


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


  void remember_import(const ImportRow& row, AskId id, RequestId request_id);


  void update_imported_ask(const std::string& now, AskId id, RequestId request_id, const NewAsk& ask,
                           const std::vector<std::pair<const char*, std::pair<std::string, std::string>>>& changed);


  void touch(RequestId id, const std::string& now);


  // Touches each request once, 500 to a statement.
  void touch_all(std::vector<RequestId> ids, const std::string& now);


  void insert_tag(RequestId id, const std::string& tag) { insert_row(tags_table, {id, tag}); }


  void change_tags(RequestId id, const std::vector<std::string>& before,
                   const RequestChanges& changes, const std::string& now,
                   std::vector<HistoryEntry>& recorded);


  AccountRef ensure_account(const std::string& now, const std::string& name);

  // Every account and alias by account_key, merged accounts standing for
  // their survivors, into the memo: once per transaction.
  void load_account_keys();

  // The account a name stands for, in this transaction (see match_account).
  std::optional<AccountRef> resolve_account(const std::string& name);

  // The ask with what it leaves out (amount, stage, close date) taken from
  // the latest ask of the same deal: `log --to 7 --deal OPP-1` needs no amount.
  NewAsk with_deal_facts(const NewAsk& ask);

  // The live ask, or NotFoundError / InputError for a deleted one.
  Ask load_live_ask(AskId id);


  AskId insert_ask(const std::string& now, RequestId request_id, const NewAsk& ask,
                   const std::string& import_key = "");


  HistoryEntry record(const std::string& now, std::optional<RequestId> request_id,
                      std::optional<std::int64_t> account_id, const std::string& action,
                      const std::string& field, const std::string& old_value,
                      const std::string& new_value);
};

}  // namespace reqtriage
