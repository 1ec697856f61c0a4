#pragma once
/// How account names are matched, so "Contoso Health Inc." and "contoso
/// health" are one customer and a typo does not make a phantom one.
#include <string>
#include <string_view>
#include <vector>

#include "reqtriage/domain.hpp"

namespace reqtriage {

/// The key names are matched by: case, repeated spaces, punctuation at the
/// ends and common legal suffixes (Inc, LLC, Ltd, GmbH, S.A., ...) ignored.
/// "Contoso Health, Inc." and "contoso  health" both give "contoso health".
std::string account_key(std::string_view name);

/// The account whose name (or alias) is a typo away from `name` (whose key
/// matches none), if any: the one to suggest instead of a new account.
const Account* close_account(std::string_view name, const std::vector<Account>& accounts);

}  // namespace reqtriage
