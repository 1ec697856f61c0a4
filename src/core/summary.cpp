#include "reqtriage/summary.hpp"

#include <set>


namespace reqtriage {
namespace {

void add_ask(RequestTotals& totals, std::set<std::int64_t>& accounts, const Ask& ask,
             const Config& config) {
  ++totals.asks;
  if (ask.account_id != 0) accounts.insert(ask.account_id);
  totals.accounts = static_cast<int>(accounts.size());
  if (ask.value) {
    double value = config.to_base(*ask.value);
    totals.value += value;
    totals.weighted_value += value * config.probability(ask.stage);
  }
  if (config.is_open_deal(ask.stage) && !ask.close_date.empty() &&
      (totals.soonest_close.empty() || ask.close_date < totals.soonest_close)) {
    totals.soonest_close = ask.close_date;
  }
}

}  // namespace

RequestTotals summarize(const std::vector<Ask>& asks, const Config& config) {
  RequestTotals totals;
  std::set<std::int64_t> accounts;
  for (const auto& ask : asks) add_ask(totals, accounts, ask, config);
  return totals;
}

std::map<RequestId, RequestTotals> summarize_by_request(const std::vector<Ask>& asks,
                                                        const Config& config) {
  std::map<RequestId, RequestTotals> totals;
  std::map<RequestId, std::set<std::int64_t>> accounts;
  for (const auto& ask : asks) {
    add_ask(totals[ask.request_id], accounts[ask.request_id], ask, config);
  }
  return totals;
}

std::vector<AccountTotals> summarize_accounts(const std::vector<Account>& accounts,
                                              const std::vector<Ask>& asks,
                                              const Config& config) {
  std::map<std::int64_t, std::size_t> index;
  std::vector<AccountTotals> result;
  for (const auto& account : accounts) {
    index[account.id] = result.size();
    result.push_back({account, 0, 0, 0});
  }
  std::vector<std::set<RequestId>> requests(result.size());
  for (const auto& ask : asks) {
    auto found = index.find(ask.account_id);
    if (found == index.end()) continue;
    auto& totals = result[found->second];
    ++totals.asks;
    requests[found->second].insert(ask.request_id);
    totals.requests = static_cast<int>(requests[found->second].size());
    if (ask.value) totals.value += config.to_base(*ask.value);
  }
  return result;
}

}  // namespace reqtriage
