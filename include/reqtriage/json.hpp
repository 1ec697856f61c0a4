#pragma once
/// JSON forms of the domain values, for --format json. Include only where
/// JSON is written: nlohmann/json is a heavy header.
#include <nlohmann/json.hpp>

#include "reqtriage/domain.hpp"
#include "reqtriage/summary.hpp"

namespace reqtriage {

nlohmann::json to_json(const Request& request);
nlohmann::json to_json(const Ask& ask);
nlohmann::json to_json(const Account& account);
nlohmann::json to_json(const HistoryEntry& entry);
nlohmann::json to_json(const RequestTotals& totals, const std::string& currency);

}  // namespace reqtriage
