#pragma once
/// The store of requests, asks, accounts and history. The interface names no
/// database types, so a second backend (PostgreSQL) is an addition. Every
/// method that writes does so in one transaction and records history.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reqtriage/domain.hpp"

namespace reqtriage {

struct LoggedIds {
  RequestId request_id = 0;
  std::optional<AskId> ask_id;
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
  /// Creates the account or updates the fields given; returns it.
  virtual Account save_account(const AccountUpdate& update) = 0;

  virtual std::optional<Request> find_request(RequestId id) = 0;
  /// Throws NotFoundError when there is no such request.
  Request get_request(RequestId id);
  virtual std::vector<Request> list_requests(const RequestFilter& filter) = 0;
  /// The asks of every request the filter matches.
  virtual std::vector<Ask> list_asks(const RequestFilter& filter) = 0;
  /// Calls `visit` once per matching request that has asks, in request id
  /// order, with its asks in id order, holding only what scoring needs: ids,
  /// account id, value, stage, close date, and created_at cut to its day
  /// (account names, reps, sources and notes are left empty). Streaming keeps
  /// memory flat however many asks there are; the asks are valid only during
  /// the call.
  virtual void for_each_deal_group(
      const RequestFilter& filter,
      const std::function<void(RequestId, const std::vector<const Ask*>&)>& visit) = 0;
  virtual std::vector<Ask> asks_of(RequestId id) = 0;
  virtual std::vector<HistoryEntry> history(std::optional<RequestId> id) = 0;
  virtual std::vector<Account> list_accounts() = 0;
  virtual std::optional<Account> find_account(const std::string& name) = 0;
};

struct StoreOptions {
  std::string path;              ///< database file
  bool create_if_missing = true; ///< false: a missing file reads as an empty store
  std::string actor;             ///< who the history says made each change
};

/// Opens (creating, upgrading) the store. Throws Error with a clear message for
/// a file that is not a reqtriage database, a newer schema, or a busy database.
std::unique_ptr<Store> open_store(const StoreOptions& options);

/// The schema version this build writes.
int current_schema_version();

}  // namespace reqtriage
