#pragma once
/// The money rules: what a set of asks is worth. Every command that shows a
/// value, a pipeline, a commitment or a loss takes it from here (see
/// reqtriage(1), MONEY).
///
///  - A deal is one account's CRM opportunity; an ask without a deal key is
///    a deal of its own. A deal's amount and stage are those of its latest
///    ask (asks of one deal normally agree; the latest is the deal as last
///    reported).
///  - Open deals make the value and, times their stage weight and the ask's
///    importance, the pipeline. Won deals are commitments, lost deals lost
///    revenue; both stay out of value and pipeline.
///  - One request: each deal once; one account's several deals combined by
///    [scoring] account_policy (max: its largest).
///  - Anything spanning requests (an account, a status, a report): each deal
///    once, added up.
#include <cstdint>
#include <map>
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

struct Figures {
  double value = 0;     ///< open deals, base currency
  double pipeline = 0;  ///< open deals x stage weight x importance
  double won = 0;       ///< won deals: commitments
  double lost = 0;      ///< lost deals that cited it
  double arr = 0;       ///< ARR of the accounts asking, each once
  double weighted = 0;  ///< open deals x stage weight (no importance): for confidence
  double largest_account = 0;  ///< the open value of the largest account
  int asks = 0;
  int accounts = 0;  ///< distinct accounts
  int deals = 0;     ///< distinct deals, of every kind
  std::string soonest_close;  ///< among open deals; empty when none
  std::string first_ask_at;   ///< empty without asks
  std::string last_ask_at;
  /// pipeline / weighted: the value-weighted importance multiplier (1 without open value).
  double importance() const { return weighted > 0 ? pipeline / weighted : 1; }
  /// weighted / value: the value-weighted close probability (0 without open value).
  double confidence() const { return value > 0 ? weighted / value : 0; }
};

/// One ask's part in its request's figures, for --explain.
struct AskContribution {
  const Ask* ask = nullptr;
  StageKind kind = StageKind::open;
  bool stage_known = true;
  double weight = 0;      ///< the stage's
  double importance = 1;  ///< the multiplier
  double amount = 0;      ///< the ask's own amount, base currency
  double adds_value = 0;  ///< what it adds to the request's value (open), won or lost
  double adds_pipeline = 0;
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
/// store: it keeps the deals that have a key (more asks of that opportunity
/// may come) and the accounts, never the asks.
class FiguresTally {
 public:
  FiguresTally(const AccountIndex& accounts, const Config& config) : m_accounts(accounts), m_config(config) {}
  void add(const Ask& ask);
  Figures figures() const;

 private:
  // What the deal's latest ask says, and its asks' highest importance.
  struct KeyedDeal {
    Ask latest;
    double importance = 0;
  };
  const AccountIndex& m_accounts;
  const Config& m_config;
  Figures m_figures;  ///< asks, and the deals of their own
  std::map<std::pair<std::int64_t, std::string>, KeyedDeal> m_keyed;  ///< by account and deal key
  std::unordered_map<std::int64_t, double> m_open_by_account;         ///< the deals of their own
  std::vector<std::int64_t> m_account_ids;                            ///< sorted, each once
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

/// The asks as pointers, for the functions above.
std::vector<const Ask*> pointers_to(const std::vector<Ask>& asks);

}  // namespace reqtriage
