#pragma once
/// Requests, asks, accounts and their history: plain values, no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reqtriage {

using RequestId = std::int64_t;
using AskId = std::int64_t;

enum class Status { new_, triaged, planned, in_progress, shipped, declined, merged };

/// All statuses in workflow order.
const std::vector<Status>& all_statuses();
std::string_view to_string(Status status);
/// "new, triaged, ..." for messages.
std::string status_names();
/// Parses a status name; throws InputError naming the valid ones.
Status parse_status(std::string_view text, std::string_view where);
/// Open requests are still being decided on or built.
bool is_open(Status status);
/// Declined or shipped: sales already has the answer.
bool is_decided(Status status);
/// Planned, in progress, shipped or declined: customers have been told
/// something a merge must not lose.
bool is_answered(Status status);

/// An amount of money in minor units (cents), exact.
struct Money {
  std::int64_t cents = 0;
  std::string currency;  ///< ISO 4217 code, upper case
  bool operator==(const Money&) const = default;
};

/// How much an ask matters to its customer (unset: not said).
enum class Importance { unset, blocker, important, nice };
std::string_view to_string(Importance importance);
/// Parses blocker, important or nice; throws InputError naming them.
Importance parse_importance(std::string_view text, std::string_view where);

struct Request {
  RequestId id = 0;
  std::string title;
  std::string description;  ///< the PM's own problem statement
  std::string area;
  std::vector<std::string> tags;  ///< sorted
  std::optional<double> effort;
  Status status = Status::new_;
  std::string reason;  ///< why it was decided so (required for declined)
  std::string workaround;  ///< what the customer can do meanwhile, for sales
  std::string target;  ///< when it should ship: a date, a quarter or a release; empty: none
  std::vector<std::string> links;  ///< engineering's tickets (keys or URLs), sorted
  std::optional<RequestId> merged_into;
  std::string created_at;
  std::string updated_at;
  std::string deleted_at;     ///< empty unless taken out (`delete`): in no ranking, report or export
  std::string delete_reason;
};

/// One relay of a request on behalf of one customer account.
struct Ask {
  AskId id = 0;
  RequestId request_id = 0;
  RequestId origin_request_id = 0;  ///< the request it was logged on, before any merge
  std::int64_t account_id = 0;  ///< 0 when the ask names no account
  std::string account;          ///< empty when the ask names no account
  std::optional<Money> value;
  std::string stage;       ///< empty when unknown
  std::string close_date;  ///< ISO date, empty when unknown
  std::string rep;
  std::string source;
  std::string note;  ///< the sales rep's words, verbatim
  std::string created_at;
  /// The CRM opportunity it belongs to, within its account (two accounts
  /// using one key are two deals); empty: a deal of its own.
  std::string deal;
  Importance importance = Importance::unset;
  std::string deleted_at;     ///< empty unless deleted
  std::string delete_reason;
};

struct Account {
  std::int64_t id = 0;
  std::string name;
  std::string segment;
  std::optional<Money> arr;
  std::optional<std::int64_t> merged_into;  ///< set when merged into another account
  std::vector<std::string> aliases;         ///< other names that land on it
  std::string created_at;
  std::string updated_at;
};

struct HistoryEntry {
  std::int64_t id = 0;
  std::string at;
  std::string actor;
  std::optional<RequestId> request_id;
  std::optional<std::int64_t> account_id;
  std::string account;  ///< the account's name now
  std::string action;  ///< created, ask-added, changed, ask-changed, account-changed, ...
  std::string field;
  std::string old_value;
  std::string new_value;
};

/// What `log` records as a new request.
struct NewRequest {
  std::string title;
  std::string description;
  std::string area;
  std::vector<std::string> tags;
  std::optional<double> effort;
};

/// What `log` records as an ask.
struct NewAsk {
  std::string account;
  std::optional<Money> value;
  std::string stage;
  std::string close_date;
  std::string rep;
  std::string source;
  std::string note;
  std::string deal;
  Importance importance = Importance::unset;
  /// The account is the one of exactly this name, made when there is none,
  /// even when the name is keyed like another's ("Acme" beside "Acme Inc").
  bool account_apart = false;
};

/// The corrections `ask ID` makes; unset members stay as they are.
struct AskChanges {
  std::optional<std::optional<Money>> value;  ///< an empty inner value clears it
  std::optional<std::string> stage;
  std::optional<std::string> close_date;
  std::optional<std::string> account;  ///< the new account's name (empty: none)
  bool account_apart = false;          ///< as NewAsk::account_apart
  std::optional<std::string> rep;
  std::optional<std::string> note;
  std::optional<std::string> deal;
  std::optional<Importance> importance;
};

/// The changes `set` asks for; unset members stay as they are.
struct RequestChanges {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> area;
  std::optional<std::optional<double>> effort;  ///< an empty inner value clears it
  std::optional<Status> status;
  std::optional<std::string> reason;
  std::optional<std::string> workaround;
  std::optional<std::string> target;  ///< empty: no target
  std::vector<std::string> add_tags;
  std::vector<std::string> remove_tags;
  std::vector<std::string> add_links;
  std::vector<std::string> remove_links;
  bool empty() const;
};

struct AccountUpdate {
  std::string name;
  std::optional<std::string> segment;
  std::optional<Money> arr;
};

/// Which requests and asks `list`, `score`, `export` and the reports look at
/// (reqtriage(1), FILTERS). Each list keeps what matches any of its values;
/// the lists combine with AND. Request filters pick requests; ask filters
/// pick the asks that are counted, and keep the requests that have one.
struct RequestFilter {
  std::vector<Status> statuses;  ///< empty: every status but merged
  std::vector<std::string> tags;
  std::vector<std::string> areas;
  // Ask filters, each value as stored (the front end resolves what was typed).
  std::vector<std::int64_t> account_ids;
  std::vector<std::string> segments;
  std::vector<std::string> reps;
  std::vector<std::string> stages;
  std::vector<Importance> importances;
  bool include_merged = false;
  bool include_deleted_asks = false;  ///< for rebuilding the past
  bool include_deleted_requests = false;  ///< the same

  bool filters_asks() const;
  /// Whether any filter is given (beyond include_merged).
  bool narrows() const;
  /// The request filters alone (ask filters need the asks).
  bool keeps(const Request& request) const;
  /// The ask filters; `segment` is the segment of the ask's account.
  bool keeps(const Ask& ask, std::string_view segment) const;
};

/// Checks the changes against the request as it stands; throws InputError
/// (a decline without a reason, a status change of a merged request, ...).
void check_changes(const Request& current, const RequestChanges& changes);

/// The current time as ISO 8601 UTC ("2026-11-27T13:45:00Z"). $REQTRIAGE_NOW,
/// when set, replaces the clock so examples and tests are reproducible.
std::string now_utc();

/// Today's date (UTC) as YYYY-MM-DD, from the same clock as now_utc().
std::string today_utc();

/// The date `days` after (or before) a YYYY-MM-DD date.
std::string add_days(const std::string& date, int days);

}  // namespace reqtriage
