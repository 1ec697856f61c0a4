#pragma once
/// The user's settings, read from a TOML file (see reqtriage(1), CONFIGURATION).
/// Only config.cpp sees toml++.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reqtriage/domain.hpp"
#include "reqtriage/formula.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/similarity.hpp"

namespace reqtriage {

/// Open deals make the pipeline; won ones are commitments (a customer
/// signed expecting the feature); lost ones are revenue lost that cited it.
enum class StageKind { open, won, lost };
std::string_view to_string(StageKind kind);

/// A deal stage: how likely a deal in it is to close, and its kind.
struct Stage {
  std::string name;
  double probability = 0;  ///< the stage's weight in the pipeline
  StageKind kind = StageKind::open;
};

/// The multiplier of each importance an ask can have.
struct ImportanceWeights {
  double blocker = 1.5;
  double important = 1.2;
  double nice = 0.8;
  double of(Importance importance) const;
};

/// How one account's several asks on a request combine into its value.
enum class AccountPolicy { max, sum, latest };
std::string_view to_string(AccountPolicy policy);

/// A named scoring formula.
struct Profile {
  std::string name;
  std::string description;
  Formula formula;
  bool built_in = false;
};

/// A `[[rules]]` entry: when every condition given holds, the score becomes
/// score * multiply + add. A list condition holds when any of its values does.
struct Rule {
  std::string name;
  std::vector<std::string> tags;
  std::vector<std::string> areas;
  std::vector<Status> statuses;
  std::vector<std::string> accounts;  ///< case-folded names
  std::vector<std::string> segments;  ///< case-folded
  std::vector<std::string> stages;
  std::optional<double> min_value;
  std::optional<bool> needs_estimate;
  double multiply = 1;
  double add = 0;
  /// The conditions as written, for explanations ("tag = compliance").
  std::string conditions;
};

struct ScoringSettings {
  std::string profile = "default";  ///< the profile `score` uses without --profile
  std::vector<Status> statuses;     ///< the statuses that are ranked
  AccountPolicy account_policy = AccountPolicy::max;
  double no_close_days = 365;       ///< days_to_close when no open ask has a close date
  double concentration_flag = 0.8;  ///< flag when one account is more than this share of value
  /// The weight of an ask with no stage (or one no longer configured); unset:
  /// the weight of the lowest open stage.
  std::optional<double> unknown_stage_weight;
  ImportanceWeights importance;
  std::map<std::string, Profile> profiles;  ///< built-in ones and the config's
  std::vector<Rule> rules;
  /// Throws UsageError naming the known profiles.
  const Profile& find_profile(const std::string& name) const;
  /// "default, rice, wsjf" for messages.
  std::string profile_names() const;
};

/// How dates are written in an imported file.
enum class DateOrder { iso, us, eu };

/// An `[import.maps.NAME]` table: which column holds which field, and how
/// the CRM writes stages, dates and decimals.
struct ImportMap {
  std::string name;
  std::map<std::string, std::string> columns;  ///< field -> column header
  std::map<std::string, std::string> stages;   ///< case-folded CRM stage -> our stage
  DateOrder dates = DateOrder::iso;
  bool decimal_comma = false;  ///< "1.200,50": '.' groups thousands, ',' is the decimal point
  char delimiter = 0;          ///< 0: detect
};

/// A `[tracker.maps.NAME]` table: how to read an issue tracker's CSV export
/// (`import --tracker`). Each column is a list of header names, the first
/// present wins (trackers rename them between versions).
struct TrackerMap {
  std::string name;
  std::vector<std::string> key;         ///< the ticket key, e.g. "Issue key"
  std::vector<std::string> status;      ///< the ticket's status
  std::vector<std::string> target;      ///< e.g. "Fix Version/s"; empty: not read
  std::vector<std::string> resolution;  ///< empty: not read
  std::map<std::string, Status> statuses;     ///< case-folded tracker status -> ours
  std::map<std::string, Status> resolutions;  ///< case-folded resolution -> ours; wins over statuses
};

/// The fields a row can fill, in the order the documentation lists them.
const std::vector<std::string>& import_fields();

struct Config {
  std::string source = "built-in defaults";  ///< the file it was read from
  std::string base_currency = "USD";
  /// Units of base currency that one unit of each other currency is worth.
  std::map<std::string, double> rates;
  /// Ordered by probability, then name.
  std::vector<Stage> stages;
  /// Effort assumed for requests nobody has estimated yet.
  double default_effort = 3;
  ScoringSettings scoring;
  std::map<std::string, ImportMap> import_maps;
  std::map<std::string, TrackerMap> tracker_maps;
  /// What to tell a customer about a request, by its status (see messages.hpp).
  std::map<Status, std::string> messages;
  DedupeSettings dedupe = default_dedupe_settings();
  /// [store] url: a shared PostgreSQL store used when neither --db nor
  /// $REQTRIAGE_DB is given; empty: the local SQLite file.
  std::string store_url;
  /// Throws UsageError naming the known maps.
  const ImportMap& find_import_map(const std::string& name) const;
  const TrackerMap& find_tracker_map(const std::string& name) const;

  const Stage* find_stage(std::string_view name) const;
  /// The weight of a stage ("" or unknown: unknown_stage_weight).
  double stage_weight(std::string_view stage) const;
  /// The kind of a stage ("" or unknown: open).
  StageKind stage_kind(std::string_view stage) const;
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
/// The names of the quantities scoring formulas can use, in the order of
/// their values in Quantities.
const std::vector<std::string>& quantity_names();

/// The effective config as TOML that load_config_text accepts.
std::string render_config(const Config& config);
/// The commented template that `config init` writes.
std::string_view config_template();

}  // namespace reqtriage
