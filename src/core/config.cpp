#include "reqtriage/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "config_limits.hpp"
#include "config_parts.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {

const Stage* Config::find_stage(std::string_view name) const {
  for (const auto& stage : stages) {
    if (stage.name == name) return &stage;
  }
  return nullptr;
}

double Config::stage_weight(std::string_view stage) const {
  if (const Stage* found = find_stage(stage)) return found->probability;
  if (scoring.unknown_stage_weight) return *scoring.unknown_stage_weight;
  // The lowest open stage: stages are sorted by weight.
  for (const auto& known : stages) {
    if (known.kind == StageKind::open) return known.probability;
  }
  return 0;
}

StageKind Config::stage_kind(std::string_view stage) const {
  const Stage* found = find_stage(stage);
  return found ? found->kind : StageKind::open;
}

std::string_view to_string(StageKind kind) {
  switch (kind) {
    case StageKind::open: return "open";
    case StageKind::won: return "won";
    case StageKind::lost: return "lost";
  }
  return "open";
}

double ImportanceWeights::of(Importance level) const {
  switch (level) {
    case Importance::unset: return 1;
    case Importance::blocker: return blocker;
    case Importance::important: return important;
    case Importance::nice: return nice;
  }
  return 1;
}

const std::vector<std::string>& quantity_names() {
  static const std::vector<std::string> names{
      "value",  "pipeline", "arr",           "concentration", "confidence",          "accounts",
      "asks",   "effort",   "days_to_close", "days_since_last_ask", "age_days",    "won",
      "lost",   "deals",    "importance"};
  return names;
}

std::string_view to_string(AccountPolicy policy) {
  switch (policy) {
    case AccountPolicy::max: return "max";
    case AccountPolicy::sum: return "sum";
    case AccountPolicy::latest: return "latest";
  }
  return "max";
}

const std::vector<std::string>& import_fields() {
  static const std::vector<std::string> fields{
      "title", "description", "area",  "tags", "effort", "account", "value",
      "currency", "stage",    "close", "rep",  "source", "note",    "id",
      "deal",  "importance"};
  return fields;
}

namespace {

template <typename Map>
const typename Map::mapped_type& find_map(const Map& maps, const std::string& name, std::string_view kind,
                                          std::string_view table) {
  auto found = maps.find(name);
  if (found == maps.end()) {
    std::vector<std::string> names;
    for (const auto& entry : maps) names.push_back(entry.first);
    throw UsageError(fmt::format("--map: no {} map '{}'; {}", kind, name,
                                 names.empty() ? fmt::format("the config defines none under [{}]", table)
                                               : fmt::format("known: {}", fmt::join(names, ", "))));
  }
  return found->second;
}

}  // namespace

const ImportMap& Config::find_import_map(const std::string& name) const {
  return find_map(import_maps, name, "import", "import.maps");
}

const TrackerMap& Config::find_tracker_map(const std::string& name) const {
  return find_map(tracker_maps, name, "tracker", "tracker.maps");
}

const Profile& ScoringSettings::find_profile(const std::string& name) const {
  auto found = profiles.find(name);
  if (found == profiles.end()) {
    throw UsageError(fmt::format("--profile: no profile '{}'; known: {}", name, profile_names()));
  }
  return found->second;
}

std::string ScoringSettings::profile_names() const {
  std::vector<std::string> names;
  for (const auto& entry : profiles) names.push_back(entry.first);
  return fmt::format("{}", fmt::join(names, ", "));
}

bool Config::knows_currency(std::string_view code) const {
  return code == base_currency || rates.count(std::string(code)) > 0;
}

double Config::to_base(const Money& money) const {
  double units = static_cast<double>(money.cents) / 100;
  if (money.currency == base_currency) return units;
  auto rate = rates.find(money.currency);
  if (rate == rates.end()) {
    throw InputError(fmt::format(
        "no conversion rate for currency {} to {}; add it under [currencies] in {}",
        money.currency, base_currency, source));
  }
  // Whole cents of the base currency: converted amounts carry no float noise.
  return std::round(static_cast<double>(money.cents) * rate->second) / 100;
}

Money Config::money(const ParsedAmount& amount, std::string_view currency_option,
                    std::string_view where) const {
  std::string currency = amount.currency;
  if (!currency_option.empty()) {
    auto option = parse_currency(currency_option, "--currency");
    if (!currency.empty() && currency != option) {
      throw InputError(fmt::format("{}: the amount is in {} but --currency says {}", where,
                                   currency, option));
    }
    currency = option;
  }
  if (currency.empty()) currency = base_currency;
  if (!knows_currency(currency)) {
    throw InputError(fmt::format(
        "{}: no conversion rate for currency {}; known: {} (add it under [currencies] in the "
        "config)",
        where, currency, currency_names()));
  }
  return Money{amount.cents, currency};
}

std::string Config::stage(std::string_view typed, std::string_view where) const {
  std::string name;
  for (char c : trim(typed)) {
    name += c == ' ' ? '_' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (!find_stage(name)) {
    throw InputError(fmt::format("{}: unknown stage '{}': expected one of {}", where, typed,
                                 stage_names()));
  }
  return name;
}

std::string Config::stage_names() const {
  std::string names;
  for (const auto& stage : stages) names += (names.empty() ? "" : ", ") + stage.name;
  return names;
}

std::string Config::currency_names() const {
  std::string names = base_currency;
  for (const auto& [code, rate] : rates) names += ", " + code;
  return names;
}

Config default_config() {
  static const Config defaults =
      read_config_text(template_text(), "built-in defaults");
  return defaults;
}

Config load_config_text(std::string_view text, const std::string& source_name) {
  return read_config_text(text, source_name);
}

Config load_config_file(const std::string& path) {
  return load_config_text(read_config_file(path), path);
}

std::string_view config_template() { return template_text(); }

}  // namespace reqtriage
