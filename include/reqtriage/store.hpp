#pragma once
/// The store of requests, asks, accounts and history, on a local SQLite file
/// or a shared PostgreSQL database (one implementation over both engines;
/// the interface names no database types). Every method that writes does so
/// in one transaction and records history.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "reqtriage/domain.hpp"

namespace reqtriage {

struct LoggedIds {
  RequestId request_id = 0;
  std::optional<AskId> ask_id;
};

/// One row of an import, validated: the ask, and the request it creates
/// when no open request has the same normalized title.
struct ImportRow {
  std::size_t row = 0;
  NewRequest request;
  std::string title_key;  ///< normalize_title(request.title): how it finds an open request
  NewAsk ask;
  /// Recognises the row in later imports: "id:<CRM id>" or "fp:<fingerprint>".
  std::string import_key;
};

/// Fills the vector with the next rows of an import; returns false after the last.
using ImportBatches = std::function<bool(std::vector<ImportRow>&)>;

/// One merge, as recorded for unmerge.
/// The titles the PM's decisions paired, for what dedupe learns from them.
struct DecisionTitles {
  /// Each request merged (and not unmerged), with the one it went into.
  std::vector<std::pair<std::string, std::string>> merges;
  /// Each pair judged not duplicates.
  std::vector<std::pair<std::string, std::string>> not_duplicates;
};

struct MergeRecord {
  RequestId merged_id = 0;
  RequestId survivor_id = 0;
  std::string previous_status;
  std::vector<std::string> added_tags;
  std::string at;
  std::string undone_at;  ///< empty while the merge stands
};

/// A ranking as it stood when it was saved.
struct RankSnapshot {
  std::int64_t id = 0;
  std::string taken_at;
  std::string profile;
  std::unordered_map<RequestId, int> ranks;  ///< the rank of each ranked request
};

struct ImportCounts {
  int new_requests = 0;
  int new_asks = 0;
  int attached = 0;   ///< new asks that joined a request that existed before
  int updated = 0;    ///< rows imported before whose deal changed
  int unchanged = 0;  ///< rows imported before, as they were
  int deleted = 0;    ///< rows imported before whose ask was deleted since: left deleted
  int on_decided = 0; ///< new asks that joined a declined or shipped request (counted in attached too)
  /// (unkeyed ask there before, new keyed ask) of one account on one request:
  /// candidates for the same opportunity relayed twice (likely_same_deals).
  std::vector<std::pair<AskId, AskId>> unkeyed_beside_new_keyed;
  /// Deals the file gave a new amount, stage or close date, which every ask
  /// of each took (a deal has one), each described in a line.
  std::vector<std::string> deals_aligned;
};

class Store {
 public:
  virtual ~Store() = default;

  /// Records a request and, when given, its first ask.
  virtual LoggedIds log_request(const NewRequest& request, const std::optional<NewAsk>& ask) = 0;
  /// Adds an ask to an open (not merged) request.
  virtual AskId add_ask(RequestId request_id, const NewAsk& ask) = 0;
  /// Applies the changes; returns the history entries it recorded (none when
  /// nothing actually changed).
  virtual std::vector<HistoryEntry> update_request(RequestId id, const RequestChanges& changes) = 0;
  /// Several requests' changes in one transaction: all or none.
  virtual std::vector<HistoryEntry> update_requests(
      const std::vector<std::pair<RequestId, RequestChanges>>& changes) = 0;
  /// Imports the rows `next_batch` gives, batch by batch, in one
  /// transaction: a row seen before (same import key) updates its ask in
  /// place when its value, stage, close date, rep or note changed; a new row
  /// becomes an ask on the request with the same normalized title (an open
  /// one first, else a declined or shipped one), or on a new request. An exception from `next_batch` undoes the whole import.
  /// With `dry_run` nothing is kept. `progress` is called with the number of
  /// rows done.
  virtual ImportCounts import_rows(const ImportBatches& next_batch, bool dry_run,
                                   const std::function<void(std::size_t)>& progress) = 0;
  /// Merges each of `ids` into `survivor`: moves their asks to it (each ask
  /// keeps the request it was logged on), gives it their tags, marks them
  /// merged with a pointer to it (and re-points requests merged into them).
  /// Returns the history entries recorded.
  virtual std::vector<HistoryEntry> merge(const std::vector<RequestId>& ids, RequestId survivor) = 0;
  /// Undoes the merge of `id`: its asks come back, its status, reason and
  /// timestamps are restored, and the tags the merge gave the survivor go.
  virtual std::vector<HistoryEntry> unmerge(RequestId id) = 0;
  /// Takes a request that is junk (and its asks) out of every ranking, report
  /// and export, keeping it and its history; throws InputError for a merged
  /// or deleted one.
  virtual std::vector<HistoryEntry> delete_request(RequestId id, const std::string& reason) = 0;
  /// Brings a deleted request back exactly as it was.
  virtual std::vector<HistoryEntry> restore_request(RequestId id) = 0;
  /// Every merge ever made, oldest first.
  virtual std::vector<MergeRecord> merges() = 0;
  /// Records that two requests are not duplicates.
  virtual void mark_not_duplicate(RequestId a, RequestId b) = 0;
  /// Every pair judged not duplicates, each (lower id, higher id).
  virtual std::vector<std::pair<RequestId, RequestId>> not_duplicates() = 0;
  virtual DecisionTitles decision_titles() = 0;

  /// For the duplicate warning of `log`: the number of requests ever logged,
  /// how many requests have each title word (basic_tokens; counted up to
  /// 5,000), and the requests (open, declined or shipped: not merged) whose
  /// titles share the most weight of the given (word, weight) pairs, at
  /// most `limit`.
  virtual std::size_t count_requests() = 0;
  virtual std::size_t title_word_frequency(const std::string& word) = 0;
  virtual std::vector<Request> requests_sharing_title_words(
      const std::vector<std::pair<std::string, double>>& words, std::size_t limit) = 0;

  /// Saves the ranking as it stands; returns the snapshot's id.
  virtual std::int64_t save_snapshot(const RankSnapshot& snapshot) = 0;
  /// The latest snapshot taken before `before` (an ISO time) under
  /// `profile` (empty: under any), if any: ranks compare within a profile.
  virtual std::optional<RankSnapshot> latest_snapshot(const std::string& before, const std::string& profile) = 0;

  /// Checks the database (SQLite's integrity and foreign-key checks) and the
  /// tool's own invariants; returns one line per problem found.
  virtual std::vector<std::string> check() = 0;
  /// What upgrades of the schema changed in the data (not problems: said
  /// by `doctor` beside them), one line each.
  virtual std::vector<std::string> upgrade_notes() = 0;
  /// Writes a consistent copy, private to the user, to a new file, while
  /// other processes may be writing.
  virtual void backup_to(const std::string& path) = 0;

  /// Creates the account or updates the fields given; returns it.
  virtual Account save_account(const AccountUpdate& update) = 0;
  /// The account a name stands for: its own name, an alias, or the same
  /// name but for case, spacing and legal suffixes (account_key); a merged
  /// account stands for the one it was merged into.
  virtual std::optional<Account> match_account(const std::string& name) = 0;
  /// Renames an account; refuses a name another account already answers to.
  virtual std::vector<HistoryEntry> rename_account(const std::string& name, const std::string& new_name) = 0;
  /// Moves every ask of each named account to `into` (created when new) and
  /// makes their names its aliases. Returns the history recorded.
  virtual std::vector<HistoryEntry> merge_accounts(const std::vector<std::string>& names,
                                                   const std::string& into) = 0;
  /// Undoes the latest merge of the named account: its asks that are still
  /// on the account it was merged into come back.
  virtual std::vector<HistoryEntry> unmerge_account(const std::string& name) = 0;
  /// Makes `alias` another name of the account.
  virtual std::vector<HistoryEntry> add_alias(const std::string& name, const std::string& alias) = 0;
  /// Every currency asks and ARR are recorded in.
  virtual std::vector<std::string> currencies_in_use() = 0;

  /// One ask, a deleted one too.
  virtual std::optional<Ask> find_ask(AskId id) = 0;
  /// Corrects an ask (not a deleted one); returns the history recorded (none
  /// when nothing changed).
  virtual std::vector<HistoryEntry> update_ask(AskId id, const AskChanges& changes) = 0;
  /// Moves an ask to another request that is not merged: it was logged on
  /// the wrong one.
  virtual std::vector<HistoryEntry> move_ask(AskId id, RequestId to) = 0;
  /// Deletes an ask, keeping it for restore_ask.
  virtual std::vector<HistoryEntry> delete_ask(AskId id, const std::string& reason) = 0;
  virtual std::vector<HistoryEntry> restore_ask(AskId id) = 0;

  virtual std::optional<Request> find_request(RequestId id) = 0;
  /// Throws NotFoundError when there is no such request.
  Request get_request(RequestId id);
  virtual std::vector<Request> list_requests(const RequestFilter& filter) = 0;
  /// The asks of every request the filter matches, in id order.
  std::vector<Ask> list_asks(const RequestFilter& filter);
  /// The same, one at a time, so a year of asks never sits in memory; the
  /// ask is valid only during the call.
  virtual void for_each_ask(const RequestFilter& filter, const std::function<void(const Ask&)>& visit) = 0;
  /// The asks on an account, grouped by account in list_accounts' order,
  /// each account's in id order.
  virtual void for_each_ask_by_account(const RequestFilter& filter, const std::function<void(const Ask&)>& visit) = 0;
  /// Calls `visit` once per matching request that has asks, in request id
  /// order, with its asks in id order, holding only what scoring needs: ids,
  /// account id, value, stage, close date, and created_at cut to its day
  /// (account names, reps, sources and notes are left empty). Streaming keeps
  /// memory flat however many asks there are; the asks are valid only during
  /// the call.
  virtual void for_each_deal_group(
      const RequestFilter& filter,
      const std::function<void(RequestId, const std::vector<const Ask*>&)>& visit) = 0;
  /// Calls `visit` once per matching request, in id order, with its asks as
  /// for_each_deal_group gives them (none for a request without asks): the
  /// store is read as it streams, a few thousand requests at a time, so
  /// scoring a million requests holds only what it keeps. Both are valid
  /// only during the call.
  virtual void for_each_request_with_deals(
      const RequestFilter& filter,
      const std::function<void(const Request&, const std::vector<const Ask*>&)>& visit) = 0;
  virtual std::vector<Ask> asks_of(RequestId id) = 0;
  virtual std::vector<HistoryEntry> history(std::optional<RequestId> id) = 0;
  /// The latest entries, newest first: read back from the newest until
  /// `wanted` says no to one, so a look a month back costs a month of
  /// history, not all of it.
  virtual std::vector<HistoryEntry> recent_history(const std::function<bool(const HistoryEntry&)>& wanted) = 0;
  virtual std::vector<Account> list_accounts() = 0;
  /// The sales reps named on live asks, sorted.
  virtual std::vector<std::string> list_reps() = 0;
  /// The requests linked to a tracker key (tracker_key_of their links).
  virtual std::vector<RequestId> requests_linked_to(const std::string& key) = 0;
};

/// What opening a database file that does not exist does.
enum class IfMissing {
  create,  ///< create it, private to the user (commands that add data)
  fail,    ///< "no database at PATH": a mistyped path must not read as empty
  scratch, ///< an empty store in memory that keeps nothing (dry runs)
};

struct StoreOptions {
  std::string path;                    ///< database file, or a PostgreSQL URL
  IfMissing if_missing = IfMissing::create;
  bool read_only = false;              ///< a command that only reads: SQLite opens the file read-only
  std::string actor;                   ///< who the history says made each change (PostgreSQL: its user)
};

struct TableCount {
  std::string table;
  std::int64_t rows = 0;
};

/// Copies the whole store at `from` (a path or a PostgreSQL URL) into the
/// empty store at `to` (created if missing) in one transaction, then checks
/// the row count of every table there; returns the counts. Throws Error if
/// `to` is not empty or a count differs.
std::vector<TableCount> copy_store(const std::string& from, const std::string& to);

/// True for a PostgreSQL URL (postgresql://, postgres://), false for a file path.
bool is_database_url(const std::string& path_or_url);

/// The database as messages name it: the path, or the URL without password.
std::string database_name(const std::string& path_or_url);

/// Opens (creating, upgrading) the store. Throws Error with a clear message for
/// a file that is not a reqtriage database, a newer schema, or a busy database.
std::unique_ptr<Store> open_store(const StoreOptions& options);

}  // namespace reqtriage
