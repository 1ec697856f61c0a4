#pragma once
// Internal to the importer: which column holds which field, and how dates
// in CRM exports look. Shared by the import and the map it suggests.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "reqtriage/importer.hpp"

namespace reqtriage {

/// Where each field's column sits in the file, if it has one.
using ColumnIndex = std::map<std::string, std::size_t>;

/// Where each field's column sits. With a map, the columns it names; without
/// one, the columns whose headers name a field (header_aliases): any other
/// column must be ignored by name (or all of them), or InputError says which.
/// Two columns with the same header, one of them used, are an InputError.
ColumnIndex locate_columns(const std::vector<std::string>& header, const std::string& source,
                           const ImportSettings& settings);

/// "a", "b" as "\"a\", \"b\"", for messages.
std::string quoted_list(const std::vector<std::string>& names);

/// "2027-01-15 00:00", "2027-01-15T00:00:00Z", "12/31/2026 09:30" as the
/// date alone: a CRM's close date often carries a time of day.
std::string without_time(const std::string& text);

/// True for "3/14/2027" or "14.3.2027"; sets `day_first` when the first
/// number cannot be a month.
bool looks_like_slash_date(const std::string& value, bool& day_first);

}  // namespace reqtriage
