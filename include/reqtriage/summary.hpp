#pragma once
/// What a request's asks add up to.
#include <map>
#include <string>
#include <vector>

#include "reqtriage/config.hpp"
#include "reqtriage/domain.hpp"

namespace reqtriage {

struct RequestTotals {
  int asks = 0;
  int accounts = 0;          ///< distinct accounts
  double value = 0;          ///< total deal value, base currency
  double weighted_value = 0; ///< deal value times stage close probability
  /// ISO date, empty when none; among deals still open (stage probability
  /// strictly between 0 and 1, or no stage).
  std::string soonest_close;
};

RequestTotals summarize(const std::vector<Ask>& asks, const Config& config);

/// Totals of many requests at once, keyed by request id.
std::map<RequestId, RequestTotals> summarize_by_request(const std::vector<Ask>& asks,
                                                        const Config& config);

struct AccountTotals {
  Account account;
  int asks = 0;
  int requests = 0;  ///< distinct requests
  double value = 0;  ///< base currency
};

std::vector<AccountTotals> summarize_accounts(const std::vector<Account>& accounts,
                                              const std::vector<Ask>& asks,
                                              const Config& config);

}  // namespace reqtriage
