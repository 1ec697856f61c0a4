// Reading a config: TOML in, a checked Config out, every error naming the
// file, line, column and key. toml++ is seen here and in config_render.cpp.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>

#include "config_limits.hpp"
#include "config_parts.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/store.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

class ConfigReader {
 public:
  explicit ConfigReader(std::string source) : m_source(std::move(source)) {}

  Config read(const toml::table& root) {
    Config config;
    config.source = m_source;
    config.scoring.statuses = {Status::new_, Status::triaged, Status::planned, Status::in_progress};
    config.rates.clear();
    config.stages.clear();
    bool saw_currencies = false;
    bool saw_stages = false;
    for (auto&& [key, node] : root) {
      std::string name(key.str());
      if (name == "base_currency") {
        config.base_currency = read_currency_code(node, name);
      } else if (name == "default_effort") {
        config.default_effort = read_number(node, name, 0.01, 1e6, "a number from 0.01 to 1000000");
      } else if (name == "currencies") {
        saw_currencies = true;
        read_currencies(node, config);
      } else if (name == "stages") {
        saw_stages = true;
        read_stages(node, config);
      } else if (name == "scoring") {
        read_scoring(node, config.scoring);
      } else if (name == "profiles") {
        read_profiles(node, config.scoring);
      } else if (name == "rules") {
        read_rules(node, config.scoring);
      } else if (name == "import") {
        read_import(node, config);
      } else if (name == "dedupe") {
        read_dedupe(node, config.dedupe);
      } else if (name == "store") {
        read_store(node, config);
      } else {
        throw unknown_key(key, name,
                          "the known top-level keys are base_currency, default_effort, "
                          "[currencies], [stages], [scoring], [profiles], [[rules]], [import], "
                          "[dedupe] and [store]");
      }
    }
    // The default rates are against USD; with another base they would be wrong.
    if (!saw_currencies && config.base_currency == "USD") config.rates = default_config().rates;
    if (!saw_stages) config.stages = default_config().stages;
    check_base_rate(root, config);
    config.rates.erase(config.base_currency);
    sort_stages(config.stages);
    add_built_in_profiles(config.scoring);
    check_profile_choice(root, config.scoring);
    check_import_stages(root, config);
    return config;
  }

 private:
  std::string m_source;

  ConfigError error_at(const toml::source_region& where, std::string_view key,
                       std::string_view message) const {
    return ConfigError(fmt::format("{}:{}:{}: {}: {}", m_source, where.begin.line,
                                   where.begin.column, key, message));
  }

  ConfigError unknown_key(const toml::key& key, std::string_view name,
                          std::string_view hint) const {
    return error_at(key.source(), name, fmt::format("unknown key; {}", hint));
  }

  double read_number(const toml::node& node, std::string_view key, double low, double high,
                     std::string_view expected) const {
    if (!node.is_number()) {
      throw error_at(node.source(), key,
                     fmt::format("expected {}, got a {}", expected, type_name(node)));
    }
    double value = *node.value<double>();
    if (!std::isfinite(value) || value < low || value > high) {
      throw error_at(node.source(), key, fmt::format("expected {}, got {}", expected, value));
    }
    return value;
  }

  std::string read_currency_code(const toml::node& node, std::string_view key) const {
    if (!node.is_string()) {
      throw error_at(node.source(), key,
                     fmt::format("expected a currency code string such as \"USD\", got a {}",
                                 type_name(node)));
    }
    try {
      return parse_currency(node.as_string()->get(), "currency");
    } catch (const InputError&) {
      throw error_at(node.source(), key,
                     fmt::format("'{}' is not a three-letter currency code such as \"USD\"",
                                 node.as_string()->get()));
    }
  }

  const toml::table& read_table(const toml::node& node, std::string_view key) const {
    if (!node.is_table()) {
      throw error_at(node.source(), key, fmt::format("expected a table, got a {}", type_name(node)));
    }
    return *node.as_table();
  }

  void read_currencies(const toml::node& node, Config& config) const {
    for (auto&& [key, rate] : read_table(node, "currencies")) {
      auto full_key = fmt::format("currencies.{}", key.str());
      std::string code;
      try {
        code = parse_currency(key.str(), "currency");
      } catch (const InputError&) {
        throw error_at(key.source(), full_key,
                       "a currency must be named by its three-letter code, such as EUR");
      }
      if (code != key.str()) {
        throw error_at(key.source(), full_key,
                       fmt::format("write the currency code in upper case: {}", code));
      }
      config.rates[code] =
          read_number(rate, full_key, 1e-9, 1e9, "a positive number (base units per unit)");
      if (config.rates[code] <= 0) {
        throw error_at(rate.source(), full_key, "expected a positive number");
      }
    }
  }

  void read_stages(const toml::node& node, Config& config) const {
    for (auto&& [key, value] : read_table(node, "stages")) {
      auto name = std::string(key.str());
      auto full_key = fmt::format("stages.{}", name);
      bool valid_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      });
      if (!valid_name) {
        throw error_at(key.source(), full_key,
                       "a stage name is lower case letters, digits, '_' and '-'");
      }
      config.stages.push_back(value.is_table() ? read_stage_table(value, name, full_key)
                                               : bare_stage(value, name, full_key));
    }
    if (config.stages.empty()) {
      throw error_at(node.source(), "stages", "at least one stage is needed");
    }
  }

  // `name = 0.4`: a weight alone; 1 is a won stage and 0 a lost one.
  Stage bare_stage(const toml::node& value, const std::string& name, const std::string& key) const {
    double weight = read_number(value, key, 0, 1, "a probability from 0 to 1");
    return {name, weight, bare_kind(weight)};
  }

  // `name = { weight = 1.0, kind = "won" }`.
  Stage read_stage_table(const toml::node& node, const std::string& name, const std::string& key) const {
    Stage stage{name, -1, StageKind::open};
    bool saw_kind = false;
    for (auto&& [field, value] : *node.as_table()) {
      auto field_key = fmt::format("{}.{}", key, field.str());
      if (field.str() == "weight") {
        stage.probability = read_number(value, field_key, 0, 1, "a probability from 0 to 1");
      } else if (field.str() == "kind") {
        auto kind = read_string(value, field_key);
        saw_kind = true;
        if (kind == "open") {
          stage.kind = StageKind::open;
        } else if (kind == "won") {
          stage.kind = StageKind::won;
        } else if (kind == "lost") {
          stage.kind = StageKind::lost;
        } else {
          throw error_at(value.source(), field_key,
                         fmt::format("unknown kind '{}': expected open, won or lost", kind));
        }
      } else {
        throw unknown_key(field, field_key, "a stage has weight and kind");
      }
    }
    if (stage.probability < 0) throw error_at(node.source(), key, "the stage needs a weight from 0 to 1");
    if (!saw_kind) stage.kind = bare_kind(stage.probability);
    return stage;
  }

  static StageKind bare_kind(double weight) {
    return weight == 1 ? StageKind::won : weight == 0 ? StageKind::lost : StageKind::open;
  }

  void read_scoring(const toml::node& node, ScoringSettings& scoring) const {
    for (auto&& [key, value] : read_table(node, "scoring")) {
      std::string name(key.str());
      auto full_key = "scoring." + name;
      if (name == "profile") {
        scoring.profile = read_string(value, full_key);
      } else if (name == "statuses") {
        scoring.statuses = read_statuses(value, full_key, read_strings(value, full_key));
      } else if (name == "account_policy") {
        auto policy = read_string(value, full_key);
        if (policy == "max") {
          scoring.account_policy = AccountPolicy::max;
        } else if (policy == "sum") {
          scoring.account_policy = AccountPolicy::sum;
        } else if (policy == "latest") {
          scoring.account_policy = AccountPolicy::latest;
        } else {
          throw error_at(value.source(), full_key,
                         fmt::format("unknown policy '{}': expected max, sum or latest", policy));
        }
      } else if (name == "no_close_days") {
        scoring.no_close_days = read_number(value, full_key, 0, 100000, "a number of days from 0 to 100000");
      } else if (name == "concentration_flag") {
        scoring.concentration_flag = read_number(value, full_key, 0, 1, "a share from 0 to 1");
      } else if (name == "unknown_stage_weight" || name == "unstaged_probability") {
        // unstaged_probability: its name before 0.5, still read.
        scoring.unknown_stage_weight = read_number(value, full_key, 0, 1, "a weight from 0 to 1");
      } else if (name == "importance") {
        read_importance(value, full_key, scoring.importance);
      } else {
        throw unknown_key(key, full_key,
                          "[scoring] knows profile, statuses, account_policy, no_close_days, "
                          "concentration_flag, unknown_stage_weight and [scoring.importance]");
      }
    }
  }

  void read_importance(const toml::node& node, const std::string& key, ImportanceWeights& weights) const {
    for (auto&& [level, value] : read_table(node, key)) {
      auto level_key = fmt::format("{}.{}", key, level.str());
      double weight = read_number(value, level_key, 0, 100, "a multiplier from 0 to 100");
      if (level.str() == "blocker") {
        weights.blocker = weight;
      } else if (level.str() == "important") {
        weights.important = weight;
      } else if (level.str() == "nice") {
        weights.nice = weight;
      } else {
        throw unknown_key(level, level_key, "the importances are blocker, important and nice");
      }
    }
  }

  Formula read_formula(const toml::node& node, const std::string& key) const {
    auto text = read_string(node, key);
    try {
      return Formula::parse(text, quantity_names());
    } catch (const FormulaError& error) {
      auto where = node.source();
      // Point at the column inside the quoted string, after the opening quote.
      where.begin.column += static_cast<toml::source_index>(error.column());
      throw error_at(where, key,
                     fmt::format("{} (column {} of the formula)", error.what(), error.column()));
    }
  }

  void read_profiles(const toml::node& node, ScoringSettings& scoring) const {
    for (auto&& [key, value] : read_table(node, "profiles")) {
      std::string name(key.str());
      auto full_key = "profiles." + name;
      Profile profile{name, "", Formula::parse("0", {}), false};
      if (value.is_table()) {
        bool has_formula = false;
        for (auto&& [field, field_value] : *value.as_table()) {
          auto field_key = fmt::format("{}.{}", full_key, field.str());
          if (field.str() == "formula") {
            profile.formula = read_formula(field_value, field_key);
            has_formula = true;
          } else if (field.str() == "description") {
            profile.description = read_string(field_value, field_key);
          } else {
            throw unknown_key(field, field_key, "a profile has a formula and a description");
          }
        }
        if (!has_formula) throw error_at(value.source(), full_key, "the profile has no formula");
      } else {
        profile.formula = read_formula(value, full_key);
      }
      scoring.profiles.insert_or_assign(name, std::move(profile));
    }
  }

  void read_rules(const toml::node& node, ScoringSettings& scoring) const {
    if (!node.is_array_of_tables()) {
      throw error_at(node.source(), "rules",
                     "expected [[rules]] tables, one per rule");
    }
    std::size_t number = 0;
    for (const auto& element : *node.as_array()) {
      ++number;
      scoring.rules.push_back(read_rule(*element.as_table(), number));
    }
  }

  Rule read_rule(const toml::table& table, std::size_t number) const {
    Rule rule;
    rule.name = fmt::format("rule {}", number);
    std::vector<std::string> described;
    bool has_effect = false;
    for (auto&& [key, bound_value] : table) {
      const toml::node& value = bound_value;  // lambdas below cannot capture a binding (clang 14)
      std::string name(key.str());
      auto full_key = fmt::format("rules[{}].{}", number, name);
      auto strings = [&] {
        auto list = read_strings(value, full_key);
        described.push_back(fmt::format("{} = {}", name, fmt::join(list, " or ")));
        return list;
      };
      auto folded = [&] {
        auto list = strings();
        for (auto& item : list) item = fold_case(item);
        return list;
      };
      if (name == "name") {
        rule.name = read_string(value, full_key);
      } else if (name == "tag") {
        rule.tags = folded();
      } else if (name == "area") {
        rule.areas = folded();
      } else if (name == "account") {
        rule.accounts = folded();
      } else if (name == "segment") {
        rule.segments = folded();
      } else if (name == "stage") {
        rule.stages = strings();
      } else if (name == "status") {
        rule.statuses = read_statuses(value, full_key, strings());
      } else if (name == "min_value") {
        rule.min_value = read_number(value, full_key, 0, 1e15, "an amount of at least 0");
        described.push_back(fmt::format("value >= {}", format_number(*rule.min_value)));
      } else if (name == "needs_estimate") {
        if (!value.is_boolean()) {
          throw error_at(value.source(), full_key,
                         fmt::format("expected true or false, got a {}", type_name(value)));
        }
        rule.needs_estimate = *value.value<bool>();
        described.push_back(*rule.needs_estimate ? "needs an estimate" : "has an estimate");
      } else if (name == "multiply") {
        rule.multiply = read_number(value, full_key, -1e9, 1e9, "a number");
        has_effect = true;
      } else if (name == "add") {
        rule.add = read_number(value, full_key, -1e15, 1e15, "a number");
        has_effect = true;
      } else {
        throw unknown_key(key, full_key,
                          "a rule has name, tag, area, status, account, segment, stage, "
                          "min_value, needs_estimate, multiply and add");
      }
    }
    if (!has_effect) {
      throw error_at(table.source(), fmt::format("rules[{}]", number),
                     "the rule has neither multiply nor add");
    }
    rule.conditions = described.empty() ? "every request" : fmt::format("{}", fmt::join(described, ", "));
    return rule;
  }

  void read_dedupe(const toml::node& node, DedupeSettings& dedupe) const {
    for (auto&& [key, value] : read_table(node, "dedupe")) {
      std::string name(key.str());
      auto full_key = "dedupe." + name;
      if (name == "threshold") {
        dedupe.threshold = read_number(value, full_key, 0, 1, "a similarity from 0 to 1");
      } else if (name == "auto_threshold") {
        dedupe.auto_threshold = read_number(value, full_key, 0, 1, "a similarity from 0 to 1");
      } else if (name == "char_weight") {
        dedupe.char_weight = read_number(value, full_key, 0, 1, "a share from 0 to 1");
      } else if (name == "description_weight") {
        dedupe.description_weight = read_number(value, full_key, 0, 1, "a weight from 0 to 1");
      } else if (name == "stop_words") {
        dedupe.stop_words = read_strings(value, full_key);
      } else if (name == "synonyms") {
        for (auto&& [word, phrases] : read_table(value, full_key)) {
          dedupe.synonyms[std::string(word.str())] =
              read_strings(phrases, fmt::format("{}.{}", full_key, word.str()));
        }
      } else {
        throw unknown_key(key, full_key,
                          "[dedupe] knows threshold, auto_threshold, char_weight, "
                          "description_weight, stop_words and [dedupe.synonyms]");
      }
    }
  }

  void read_store(const toml::node& node, Config& config) const {
    for (auto&& [key, value] : read_table(node, "store")) {
      if (key.str() != "url") {
        throw unknown_key(key, fmt::format("store.{}", key.str()), "[store] knows url");
      }
      config.store_url = read_string(value, "store.url");
      if (!config.store_url.starts_with("postgresql://") && !config.store_url.starts_with("postgres://")) {
        throw error_at(value.source(), "store.url",
                       "expected a PostgreSQL URL such as postgresql://user@host/dbname");
      }
    }
  }

  void read_import(const toml::node& node, Config& config) const {
    for (auto&& [key, value] : read_table(node, "import")) {
      if (key.str() != "maps") {
        throw unknown_key(key, fmt::format("import.{}", key.str()),
                          "[import] holds [import.maps.NAME] tables");
      }
      for (auto&& [name, map] : read_table(value, "import.maps")) {
        auto full_key = fmt::format("import.maps.{}", name.str());
        config.import_maps[std::string(name.str())] = read_import_map(map, full_key, std::string(name.str()));
      }
    }
  }

  ImportMap read_import_map(const toml::node& node, const std::string& map_key,
                            const std::string& name) const {
    ImportMap map;
    map.name = name;
    const auto& fields = import_fields();
    for (auto&& [key, value] : read_table(node, map_key)) {
      std::string field(key.str());
      auto full_key = fmt::format("{}.{}", map_key, field);
      if (std::find(fields.begin(), fields.end(), field) != fields.end()) {
        map.columns[field] = read_string(value, full_key);
      } else if (field == "dates") {
        auto order = read_string(value, full_key);
        if (order == "iso") {
          map.dates = DateOrder::iso;
        } else if (order == "us") {
          map.dates = DateOrder::us;
        } else if (order == "eu") {
          map.dates = DateOrder::eu;
        } else {
          throw error_at(value.source(), full_key,
                         fmt::format("unknown date order '{}': expected iso (2026-12-31), us "
                                     "(12/31/2026) or eu (31/12/2026 or 31.12.2026)",
                                     order));
        }
      } else if (field == "decimal") {
        auto decimal = read_string(value, full_key);
        if (decimal != "point" && decimal != "comma") {
          throw error_at(value.source(), full_key,
                         fmt::format("unknown decimal mark '{}': expected point or comma", decimal));
        }
        map.decimal_comma = decimal == "comma";
      } else if (field == "delimiter") {
        auto delimiter = read_string(value, full_key);
        if (delimiter == "tab") delimiter = "\t";
        if (delimiter != "," && delimiter != ";" && delimiter != "\t") {
          throw error_at(value.source(), full_key,
                         fmt::format("unknown delimiter '{}': expected \",\", \";\" or \"tab\"",
                                     delimiter));
        }
        map.delimiter = delimiter[0];
      } else if (field == "stages") {
        for (auto&& [crm_stage, ours] : read_table(value, full_key)) {
          map.stages[fold_case(crm_stage.str())] =
              read_string(ours, fmt::format("{}.\"{}\"", full_key, crm_stage.str()));
        }
      } else {
        throw unknown_key(key, full_key,
                          fmt::format("a map names columns for {} and may set dates, decimal, "
                                      "delimiter and [stages]",
                                      fmt::join(fields, ", ")));
      }
    }
    if (!map.columns.count("title")) {
      throw error_at(node.source(), map_key, "the map names no column for title");
    }
    return map;
  }

  // A map's stages must name configured stages; [stages] may come after [import].
  void check_import_stages(const toml::table& root, const Config& config) const {
    for (const auto& [name, map] : config.import_maps) {
      for (const auto& [crm_stage, ours] : map.stages) {
        if (config.find_stage(ours)) continue;
        auto path = fmt::format("import.maps.{}.stages", name);
        const toml::node* node = root.at_path(path).node();
        throw error_at(node ? node->source() : root.source(), path,
                       fmt::format("'{}' is not a stage; the stages are {}", ours, config.stage_names()));
      }
    }
  }

  std::vector<Status> read_statuses(const toml::node& node, const std::string& key,
                                    const std::vector<std::string>& names) const {
    std::vector<Status> statuses;
    for (const auto& name : names) {
      try {
        statuses.push_back(parse_status(name, key));
      } catch (const InputError&) {
        throw error_at(node.source(), key,
                       fmt::format("unknown status '{}': expected one of {}", name, status_names()));
      }
    }
    return statuses;
  }

  std::string read_string(const toml::node& node, std::string_view key) const {
    if (!node.is_string()) {
      throw error_at(node.source(), key, fmt::format("expected a string, got a {}", type_name(node)));
    }
    return node.as_string()->get();
  }

  // A string, or an array of strings.
  std::vector<std::string> read_strings(const toml::node& node, std::string_view key) const {
    if (node.is_string()) return {node.as_string()->get()};
    if (!node.is_array()) {
      throw error_at(node.source(), key,
                     fmt::format("expected a string or a list of strings, got a {}", type_name(node)));
    }
    std::vector<std::string> list;
    for (const auto& element : *node.as_array()) list.push_back(read_string(element, key));
    return list;
  }

  static void add_built_in_profiles(ScoringSettings& scoring) {
    for (const auto& [name, formula, description] : built_in_profiles()) {
      if (scoring.profiles.count(name) == 0) {
        scoring.profiles.emplace(
            name, Profile{name, description, Formula::parse(formula, quantity_names()), true});
      }
    }
  }

  void check_profile_choice(const toml::table& root, const ScoringSettings& scoring) const {
    if (scoring.profiles.count(scoring.profile)) return;
    const toml::node* node = root.at_path("scoring.profile").node();
    throw error_at(node ? node->source() : root.source(), "scoring.profile",
                   fmt::format("no profile '{}'; known: {}", scoring.profile, scoring.profile_names()));
  }

  static std::string_view type_name(const toml::node& node) {
    switch (node.type()) {
      case toml::node_type::string: return "string";
      case toml::node_type::integer: return "integer";
      case toml::node_type::floating_point: return "float";
      case toml::node_type::boolean: return "boolean";
      case toml::node_type::date: return "date";
      case toml::node_type::time: return "time";
      case toml::node_type::date_time: return "date-time";
      case toml::node_type::array: return "array";
      case toml::node_type::table: return "table";
      default: return "value";
    }
  }

  // Rates are each currency's value in the base currency, so the base's own
  // rate is 1. Another figure means the table is against another currency:
  // the template's rates, against USD, kept after base_currency changed
  // (GBP 10k would show as 12,700 EUR).
  void check_base_rate(const toml::table& root, const Config& config) const {
    auto rate = config.rates.find(config.base_currency);
    if (rate == config.rates.end() || rate->second == 1.0) return;
    const auto* node = root["currencies"][config.base_currency].node();
    throw error_at(node ? node->source() : root.source(), fmt::format("currencies.{}", config.base_currency),
                   fmt::format("{} is the base currency, so its rate is 1; a rate of {} means these rates are "
                               "against another currency (the template's are against USD): give each "
                               "currency's value in {}",
                               config.base_currency, rate->second, config.base_currency));
  }

  static void sort_stages(std::vector<Stage>& stages) {
    std::sort(stages.begin(), stages.end(), [](const Stage& a, const Stage& b) {
      return a.probability != b.probability ? a.probability < b.probability : a.name < b.name;
    });
  }
};

toml::table parse_toml(std::string_view text, const std::string& source_name) {
  if (text.size() > max_config_bytes) {
    throw ConfigError(fmt::format("{}: the config is {} bytes; at most {} are allowed", source_name, text.size(),
                                  max_config_bytes));
  }
  check_toml_nesting(text, source_name);
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    throw ConfigError(fmt::format("{}:{}:{}: {}", source_name, where.line, where.column,
                                  error.description()));
  }
}

}  // namespace

Config read_config_text(std::string_view text, const std::string& source_name) {
  return ConfigReader(source_name).read(parse_toml(text, source_name));
}

}  // namespace reqtriage
