#include "reqtriage/summary.hpp"

#include <set>

#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

void add_ask(RequestTotals& totals, std::set<std::string>& accounts, const Ask& ask,
             const Config& config) {
  ++totals.asks;
  if (!ask.account.empty()) accounts.insert(fold_case(ask.account));
  totals.accounts = static_cast<int>(accounts.size());
  const Stage* stage = config.find_stage(ask.stage);
  if (ask.value) {
    double value = config.to_base(*ask.value);
    totals.value += value;
    // An ask without a (known) stage is weighed as certain: it is what sales relayed.
    totals.weighted_value += value * (stage ? stage->probability : 1.0);
  }
  // A deal already won or lost has no close date ahead of it.
  bool decided = stage && (stage->probability <= 0 || stage->probability >= 1);
  if (!decided && !ask.close_date.empty() &&
      (totals.soonest_close.empty() || ask.close_date < totals.soonest_close)) {
    totals.soonest_close = ask.close_date;
  }
}

}  // namespace

RequestTotals summarize(const std::vector<Ask>& asks, const Config& config) {
  RequestTotals totals;
  std::set<std::string> accounts;
  for (const auto& ask : asks) add_ask(totals, accounts, ask, config);
  return totals;
}

std::map<RequestId, RequestTotals> summarize_by_request(const std::vector<Ask>& asks,
                                                        const Config& config) {
  std::map<RequestId, RequestTotals> totals;
  std::map<RequestId, std::set<std::string>> accounts;
  for (const auto& ask : asks) {
    add_ask(totals[ask.request_id], accounts[ask.request_id], ask, config);
  }
  return totals;
}

std::vector<AccountTotals> summarize_accounts(const std::vector<Account>& accounts,
                                              const std::vector<Ask>& asks,
                                              const Config& config) {
  std::map<std::string, std::size_t> index;
  std::vector<AccountTotals> result;
  for (const auto& account : accounts) {
    index[fold_case(account.name)] = result.size();
    result.push_back({account, 0, 0, 0});
  }
  std::vector<std::set<RequestId>> requests(result.size());
  for (const auto& ask : asks) {
    auto found = index.find(fold_case(ask.account));
    if (ask.account.empty() || found == index.end()) continue;
    auto& totals = result[found->second];
    ++totals.asks;
    requests[found->second].insert(ask.request_id);
    totals.requests = static_cast<int>(requests[found->second].size());
    if (ask.value) totals.value += config.to_base(*ask.value);
  }
  return result;
}

}  // namespace reqtriage
