#pragma once
/// Scoring: the quantities of a request, its profile formula, the rules, and
/// the ranking. Scores are absolute: one request's score depends only on its
/// own asks and accounts, never on the other requests.
#include <array>
#include <map>
#include <string>
#include <vector>

#include "reqtriage/config.hpp"
#include "reqtriage/domain.hpp"
#include "reqtriage/money.hpp"
#include "reqtriage/store.hpp"

namespace reqtriage {

/// The quantities, indexed as quantity_names() lists them.
enum class Quantity : std::size_t {
  value,                ///< open deals in base currency, each once (money.hpp)
  pipeline,             ///< the same, times stage weight and importance
  arr,                  ///< ARR of the accounts asking, each once
  concentration,        ///< share of value from the single largest account (0 to 1)
  confidence,           ///< the value-weighted close probability
  accounts,             ///< distinct accounts
  asks,                 ///< number of asks
  effort,               ///< the estimate, or default_effort
  days_to_close,        ///< days to the soonest close among open deals (no_close_days if none)
  days_since_last_ask,  ///< days since the latest ask
  age_days,             ///< days since the first ask (or since logged, without asks)
  won,                  ///< won deals: commitments
  lost,                 ///< lost deals that cited the request
  deals,                ///< the deals that count (account_policy leaves some out)
  importance,           ///< the value-weighted importance multiplier of the open deals
  count
};
constexpr std::size_t quantity_count = static_cast<std::size_t>(Quantity::count);

struct Quantities {
  std::array<double, quantity_count> values{};
  bool needs_estimate = false;  ///< effort is the configured default
  std::string soonest_close;    ///< the date days_to_close counts to; empty when none
  double operator[](Quantity q) const { return values[static_cast<std::size_t>(q)]; }
  double& operator[](Quantity q) { return values[static_cast<std::size_t>(q)]; }
};

/// One rule's effect on a score: after = before * multiply + add.
struct RuleEffect {
  const Rule* rule = nullptr;
  double before = 0;
  double after = 0;
};

struct Score {
  const Request* request = nullptr;
  Quantities quantities;
  double base = 0;  ///< the profile formula's value
  std::vector<RuleEffect> effects;
  double score = 0;  ///< base after every rule that fired
  bool concentrated = false;  ///< one account is above concentration_flag of the value
  int rank = 0;  ///< 1-based, after rank_requests: always the company's rank (use_company_ranks)
  int view_rank = 0;  ///< its place in a filtered view; 0 when the view is the whole ranking
  /// Its place in the list at hand: view_rank in a filtered view, else rank.
  int place() const { return view_rank != 0 ? view_rank : rank; }
};

/// `today` is a YYYY-MM-DD date; asks are the request's own.
Quantities compute_quantities(const Request& request, const std::vector<const Ask*>& asks,
                              const AccountIndex& accounts, const Config& config,
                              const std::string& today);

Score score_request(const Request& request, const std::vector<const Ask*>& asks,
                    const AccountIndex& accounts, const Config& config, const Profile& profile,
                    const std::string& today);

/// Scores have one precision in every format: two decimals
/// (reqtriage-score(1)). rounded_score for JSON numbers; format_score writes
/// "18666.67", or "18,666.67" with `grouped` for people.
double rounded_score(double score);
std::string format_score(double score, bool grouped = false);

/// Whether `a` ranks before `b`: by score, then value, both highest first,
/// then id, lowest first.
bool ranks_before(const Score& a, const Score& b);

/// Sorts scores into the ranking: those with a status in `ranked` first, as
/// ranks_before orders them, ranked 1, 2, ...; then the others, in their
/// order, with rank 0.
void sort_into_ranks(std::vector<Score>& scores, const std::vector<Status>& ranked);

/// Ranks are the company's: a view narrowed by filters keeps its order, but
/// each score's rank becomes its rank in `company` (the whole ranking; 0 when
/// not ranked there) and view_rank its place in the view.
void use_company_ranks(std::vector<Score>& view, const std::vector<Score>& company);

/// A ranking and what it was computed from: the Scores point into it.
struct Ranking {
  std::vector<Request> requests;
  AccountIndex accounts;
  std::vector<Score> scores;
};

/// The ranked scores (rank > 0) as a snapshot to save.
RankSnapshot snapshot_of(const std::vector<Score>& scores, const std::string& profile,
                         const std::string& taken_at);

/// Scores every request the filter matches as its asks stream from the
/// store (a year of asks never sits in memory at once), and sorts them into
/// ranks as sort_into_ranks does with the config's ranked statuses.
Ranking rank_store(Store& store, const Config& config, const Profile& profile,
                   const RequestFilter& filter, const std::string& today);

/// The first `top` of rank_store's ranking (requests whose status is
/// ranked), scored as the store streams: memory holds `top` requests, not
/// the store.
Ranking rank_store_top(Store& store, const Config& config, const Profile& profile,
                       const RequestFilter& filter, const std::string& today, std::size_t top);

/// Scores the requests whose status is ranked and sorts them into ranks.
std::vector<Score> rank_requests(const std::vector<Request>& requests,
                                 const std::vector<Ask>& asks, const AccountIndex& accounts,
                                 const Config& config, const Profile& profile,
                                 const std::string& today);

/// Each score's place among these, 0 (lowest) to 1 (highest), by one
/// quantity: ranks spread the points of a chart where raw values would
/// bunch; equal values share a place.
std::vector<double> rank_positions(const std::vector<const Score*>& scores, Quantity quantity);

/// Days from `from` to `to`, both starting YYYY-MM-DD (timestamps allowed).
double days_between(const std::string& from, const std::string& to);

}  // namespace reqtriage

namespace reqtriage {

/// The store as it stood at the end of `date` (YYYY-MM-DD), rebuilt from the
/// history: every change recorded after that day is undone in reverse order
/// (requests and asks logged later, field changes, deal changes, account
/// changes, merges and unmerges).
struct PastStore {
  std::string date;
  std::vector<Request> requests;  ///< by id
  std::vector<Ask> asks;          ///< by id, on the requests they sat on then
  std::vector<Account> accounts;
};
PastStore store_as_of(Store& store, const std::string& date);

/// The ranking of that past store, scored with its date as today; only the
/// requests the filter's statuses select (or all but merged) are kept.
Ranking rank_past(const PastStore& past, const Config& config, const Profile& profile,
                  const RequestFilter& filter);

}  // namespace reqtriage
