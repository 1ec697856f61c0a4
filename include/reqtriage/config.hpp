#pragma once
/// The user's settings, read from a TOML file (see reqtriage(1), CONFIGURATION).
/// Only config.cpp sees toml++.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "reqtriage/domain.hpp"
#include "reqtriage/parse.hpp"

namespace reqtriage {

/// A deal stage and how likely a deal in it is to close.
struct Stage {
  std::string name;
  double probability = 0;
};

struct Config {
  std::string source = "built-in defaults";  ///< the file it was read from
  std::string base_currency = "USD";
  /// Units of base currency that one unit of each other currency is worth.
  std::map<std::string, double> rates;
  /// Ordered by probability, then name.
  std::vector<Stage> stages;
  /// Effort assumed for requests nobody has estimated yet.
  double default_effort = 3;

  const Stage* find_stage(std::string_view name) const;
  bool knows_currency(std::string_view code) const;
  /// The amount in base currency units; throws InputError for an unknown currency.
  double to_base(const Money& money) const;
  /// Money from an amount as typed and the --currency given beside it (either
  /// may name the currency; neither means the base currency). Throws
  /// InputError for a conflict or a currency without a rate.
  Money money(const ParsedAmount& amount, std::string_view currency_option,
              std::string_view where) const;
  /// The stage's configured name for what the user typed ("Closed Won" is
  /// closed_won); throws InputError listing the valid stages.
  std::string stage(std::string_view typed, std::string_view where) const;
  /// "lead, qualified, ..." for messages.
  std::string stage_names() const;
  std::string currency_names() const;
};

Config default_config();
/// Reads and validates a config file; throws ConfigError naming file, line,
/// column and key.
Config load_config_file(const std::string& path);
/// The same for text in memory; `source_name` stands for the file in messages.
Config load_config_text(std::string_view text, const std::string& source_name);
/// The effective config as TOML that load_config_text accepts.
std::string render_config(const Config& config);
/// The commented template that `config init` writes.
std::string_view config_template();

}  // namespace reqtriage
