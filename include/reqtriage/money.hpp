#pragma once
/// The money rules: what a set of asks is worth. Every command that shows a
/// value, a pipeline, a commitment or a loss takes it from here (see
/// reqtriage(1), MONEY).
///
///  - A deal is one account's CRM opportunity; an ask without a deal key is
///    a deal of its own. A deal's amount and stage are those of its latest
///    ask (asks of one deal normally agree; the latest is the deal as last
///    reported).
///  - Open deals make the value and, times their stage weight, the pipeline
///    (never above the value). Won deals are commitments, lost deals lost
///    revenue; both stay out of value and pipeline.
///  - Importance is its own quantity: a deal's multiplier on a request is the
///    highest of its asks on that request; the request's importance weighs
///    those multipliers by each deal's pipeline.
///  - One request: each deal once; one account's several deals of one kind
///    combined by [scoring] account_policy (max: its largest).
///  - The ledger rule, for anything spanning requests (an account, a status
///    row, a report, the store): a deal counts when it counts on at least one
///    of its requests, and then once, whole. So an account's figures are what
///    its requests show for it, each deal once.
///  - Every sum is kept in whole cents: no figure carries float noise.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "reqtriage/config.hpp"
#include "reqtriage/domain.hpp"

namespace reqtriage {

/// What the money rules need of the accounts: segment, ARR and folded name, by id.
struct AccountFacts {
  std::string folded_name;
  std::string folded_segment;
  double arr = 0;  ///< base currency
};
using AccountIndex = std::unordered_map<std::int64_t, AccountFacts>;
AccountIndex index_accounts(const std::vector<Account>& accounts, const Config& config);

/// Money figures are whole cents of the base currency, held as doubles.
struct Figures {
  double value = 0;     ///< open deals, base currency
  double pipeline = 0;  ///< open deals x stage weight (each deal rounded to the cent)
  double won = 0;       ///< won deals: commitments
  double lost = 0;      ///< lost deals that cited it
  double arr = 0;       ///< ARR of the accounts asking, each once
  double prioritized = 0;  ///< open deals x stage weight x importance: for importance()
  double largest_account = 0;  ///< a request's: the open value of its largest account (totals leave it 0)
  int asks = 0;
  int accounts = 0;  ///< distinct accounts
  int deals = 0;     ///< the deals that count, of every kind
  int deals_asking = 0;  ///< a request's: every deal asking, counted or not
  std::string soonest_close;  ///< among open deals; empty when none
  std::string first_ask_at;   ///< empty without asks
  std::string last_ask_at;
  /// prioritized / pipeline: the importance multiplier, weighted by each
  /// deal's pipeline (1 without pipeline).
  double importance() const { return pipeline > 0 ? prioritized / pipeline : 1; }
  /// pipeline / value: the value-weighted close probability (0 without open value).
  double confidence() const { return value > 0 ? pipeline / value : 0; }
};

/// One ask's part in its request's figures, for --explain.
struct AskContribution {
  const Ask* ask = nullptr;
  StageKind kind = StageKind::open;
  bool stage_known = true;
  double weight = 0;      ///< the stage's
  double importance = 1;  ///< the ask's own multiplier
  /// The multiplier of the deal it counts as on this request (the highest of
  /// its asks here), and the ask it came from.
  double deal_importance = 1;
  AskId importance_from = 0;
  double amount = 0;      ///< the ask's own amount, base currency
  double adds_value = 0;  ///< what it adds to the request's value (open), won or lost
  double adds_pipeline = 0;  ///< amount x stage weight
  /// Why it adds nothing: "same deal as ask #12", "account_policy max: ...".
  std::string counted_elsewhere;
};

/// One request's figures from its asks. With `explain`, one entry per ask.
Figures request_figures(const std::vector<const Ask*>& asks, const AccountIndex& accounts,
                        const Config& config, std::vector<AskContribution>* explain = nullptr);

/// The figures of asks that span requests (an account's, a status's, a
/// whole report's): each deal once, added up.
Figures total_figures(const std::vector<const Ask*>& asks, const AccountIndex& accounts,
                      const Config& config);

/// total_figures with the asks added one at a time, as they stream from the
/// store, and optionally split into rows (a review's statuses): each deal
/// counts in the row of the lowest number among the requests it counts on,
/// so the rows add up to the total. It keeps the deals, never the asks.
class FiguresTally {
 public:
  FiguresTally(const AccountIndex& accounts, const Config& config);
  ~FiguresTally();
  FiguresTally(FiguresTally&&) noexcept;
  /// `row` is the row the ask's request belongs to (0 without rows).
  void add(const Ask& ask, int row = 0);
  Figures figures() const;
  /// The figures of each row that has asks, by row number.
  std::map<int, Figures> figures_by_row() const;

 private:
  struct Deals;
  struct Counted;
  void count_deals(const std::function<Counted&(int row)>& counted_in) const;
  const AccountIndex* m_accounts;
  const Config* m_config;
  std::unique_ptr<Deals> m_deals;
};

/// One account's figures across every request it asks for.
struct AccountFigures {
  const Account* account = nullptr;
  Figures figures;   ///< total_figures of its asks
  int requests = 0;  ///< distinct requests
};
/// The figures of each account that is not merged into another, in the
/// accounts' order; those without asks have zero figures.
std::vector<AccountFigures> figures_by_account(const std::vector<Account>& accounts, const std::vector<Ask>& asks,
                                               const AccountIndex& index, const Config& config);

/// An ask without a deal key that looks like a keyed deal of its account on
/// the same request (same stage kind, amounts within 10%): probably one
/// opportunity relayed twice, by a rep and from the CRM. The policy already
/// counts one of them; `reqtriage ask UNKEYED --deal KEY` makes them one deal.
struct LikelySameDeal {
  AskId unkeyed = 0;
  AskId keyed = 0;
  std::string deal;
  std::string account;
};
std::vector<LikelySameDeal> likely_same_deals(const std::vector<const Ask*>& request_asks, const Config& config);

/// The row a deal counts in when totals are split by status: the lowest
/// number among its requests, so a deal asking for a shipped and a new
/// request counts once, as shipped. Furthest along first: shipped,
/// in-progress, planned, triaged, new, declined, merged.
int furthest_first(Status status);

/// Whole cents of a base-currency amount, and back: every money figure
/// passes through here, so none carries float noise.
std::int64_t to_cents(double amount);
double from_cents(std::int64_t cents);

/// The asks as pointers, for the functions above.
std::vector<const Ask*> pointers_to(const std::vector<Ask>& asks);

}  // namespace reqtriage
