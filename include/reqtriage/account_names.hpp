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

/// Names to find typos of, many times over (an import's new names against
/// thousands of accounts): each key computed once, and only keys of a
/// length a typo can reach compared.
class CloseNames {
 public:
  /// Adds a name; `label` is what close() gives back for it.
  void add(std::string_view name, std::string label);
  /// The label of the name a typo away from `name`, if any (as close_account).
  const std::string* close(std::string_view name) const;

 private:
  struct Known {
    std::string key;
    std::string digits;
    std::string label;
  };
  std::vector<std::vector<Known>> m_by_length;  ///< by key length
};

}  // namespace reqtriage
