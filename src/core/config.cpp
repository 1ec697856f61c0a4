#include "reqtriage/config.hpp"

#include "config_limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/store.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

constexpr std::string_view template_text = R"(# reqtriage configuration. Every key is optional; a missing key keeps its
# default, shown here. See reqtriage.toml(5).

# The currency every total and score is expressed in (ISO 4217 code).
base_currency = "USD"

# The effort assumed for requests nobody has estimated yet (in whatever unit
# your team estimates: points, weeks, ...). Such requests are flagged.
default_effort = 3.0

# What one unit of each other currency is worth in the base currency. An ask in
# a currency missing here (and not the base) is refused. A [currencies] table
# replaces the default one as a whole. These defaults are against USD and
# apply only while base_currency is USD.
[currencies]
AUD = 0.66
CAD = 0.73
CHF = 1.13
EUR = 1.08
GBP = 1.27
JPY = 0.0067

# Deal stages and the probability (0 to 1) that a deal in each closes. Asks
# name one of these with --stage. A [stages] table replaces the default one as
# a whole. Names are lower case letters, digits, '_' and '-'.
[stages]
lead = 0.05
qualified = 0.2
proposal = 0.4
negotiation = 0.6
commit = 0.8
closed_won = 1.0
closed_lost = 0.0

# How `reqtriage score` ranks requests. See reqtriage-score(1).
[scoring]
# The profile used without --profile: a built-in one (default, rice, wsjf) or
# one defined under [profiles].
profile = "default"
# The statuses that are ranked.
statuses = ["new", "triaged", "planned", "in-progress"]
# How one account's several asks on a request make up its value: "max" (its
# largest ask, so merging duplicates never double-counts a customer), "sum"
# or "latest".
account_policy = "max"
# days_to_close for a request with no open ask that has a close date.
no_close_days = 365
# Flag a request when one account is more than this share of its value.
concentration_flag = 0.8
# Close probability of an ask logged without a stage.
unstaged_probability = 1.0

# Scoring profiles: a name and a formula over the quantities value, pipeline,
# arr, concentration, confidence, accounts, asks, effort, days_to_close,
# days_since_last_ask and age_days, with + - * / ^ ( ) and the functions log,
# log10, sqrt, min, max, clamp(x, lo, hi) and ramp(x, lo, hi). A profile
# named like a built-in one replaces it. For example:
[profiles]
# urgent = "pipeline * (2 - ramp(days_to_close, 0, 90)) / effort"
# [profiles.arr-weighted]
# formula = "(pipeline + 0.5 * arr) / effort"
# description = "Expansion of existing revenue counts half"

# Rules, applied in order to the requests that meet every condition given
# (tag, area, status, account, segment, stage: a string or a list of them;
# min_value: a number in base currency; needs_estimate: true or false). Each
# makes the score score * multiply + add. For example:
# [[rules]]
# name = "Compliance unblocks enterprise deals"
# tag = ["compliance", "security"]
# multiply = 1.5

# How `reqtriage dedupe` and the duplicate warning of `log` find duplicates.
[dedupe]
# Pairs at least this similar (0 to 1) are suggested.
threshold = 0.5
# `dedupe --auto` merges groups whose members are all at least this similar.
auto_threshold = 0.85
# The share of the similarity from character trigrams of titles (typos,
# "e-mail"/"email"); the rest comes from shared words weighted by rarity.
char_weight = 0.3
# Description words count this much of title words.
description_weight = 0.25
# stop_words = ["a", "the", ...]   # replaces the built-in list
# Words that mean the same: each phrase counts as the word. Added to the
# built-in ones (sso, mfa, csv, api); a word named here replaces its list.
[dedupe.synonyms]
# sso = ["single sign on", "saml login"]

# A shared team store on PostgreSQL, used when neither --db nor $REQTRIAGE_DB
# is given (libpq's conventions: PGPASSWORD or ~/.pgpass for the password,
# sslmode=require in the URL). Without it: the local SQLite file.
# [store]
# url = "postgresql://dana@db.example.com/requests?sslmode=require"

# Column maps for `reqtriage import --map NAME`. Each names the column header
# holding a field: title (required), description, area, tags, effort,
# account, value, currency, stage, close, rep, source, note, and id (the
# CRM's own id for the row, so re-imports update instead of duplicating).
# dates: "iso" (2026-12-31, the default), "us" (12/31/2026) or "eu"
# (31/12/2026, 31.12.2026); decimal: "point" (default) or "comma" (1.200,50);
# delimiter: ",", ";" or "tab" (default: detected). [stages] maps the CRM's
# stage names (any case) to the stages above. For example:
# [import.maps.salesforce]
# title = "Feature Request"
# account = "Account Name"
# value = "Amount"
# stage = "Stage"
# close = "Close Date"
# rep = "Opportunity Owner"
# id = "Opportunity ID"
# dates = "us"
# [import.maps.salesforce.stages]
# "Prospecting" = "lead"
# "Closed Won" = "closed_won"
# "Closed Lost" = "closed_lost"
)";

struct BuiltInProfile {
  const char* name;
  const char* formula;
  const char* description;
};

const std::vector<BuiltInProfile>& built_in_profiles() {
  static const std::vector<BuiltInProfile> profiles{
      {"default", "pipeline / effort", "Stage-weighted deal value per unit of effort"},
      {"rice", "accounts * log10(1 + value) * confidence / effort",
       "RICE: reach (accounts) x impact (log10 of value) x confidence (value-weighted close "
       "probability) / effort"},
      {"wsjf", "(pipeline + value * (1 - ramp(days_to_close, 0, 180))) / 1000 / effort",
       "WSJF: cost of delay (pipeline, plus value as the soonest close nears within 180 days), "
       "in thousands, / effort"},
  };
  return profiles;
}

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
    for (auto&& [key, probability] : read_table(node, "stages")) {
      auto name = std::string(key.str());
      auto full_key = fmt::format("stages.{}", name);
      bool valid_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      });
      if (!valid_name) {
        throw error_at(key.source(), full_key,
                       "a stage name is lower case letters, digits, '_' and '-'");
      }
      config.stages.push_back(
          {name, read_number(probability, full_key, 0, 1, "a probability from 0 to 1")});
    }
    if (config.stages.empty()) {
      throw error_at(node.source(), "stages", "at least one stage is needed");
    }
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
      } else if (name == "unstaged_probability") {
        scoring.unstaged_probability = read_number(value, full_key, 0, 1, "a probability from 0 to 1");
      } else {
        throw unknown_key(key, full_key,
                          "[scoring] knows profile, statuses, account_policy, no_close_days, "
                          "concentration_flag and unstaged_probability");
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

toml::array to_array(const std::vector<std::string>& items) {
  toml::array array;
  for (const auto& item : items) array.push_back(item);
  return array;
}

toml::table render_rule(const Rule& rule) {
  toml::table table;
  table.insert("name", rule.name);
  if (!rule.tags.empty()) table.insert("tag", to_array(rule.tags));
  if (!rule.areas.empty()) table.insert("area", to_array(rule.areas));
  if (!rule.statuses.empty()) {
    std::vector<std::string> names;
    for (auto status : rule.statuses) names.emplace_back(to_string(status));
    table.insert("status", to_array(names));
  }
  if (!rule.accounts.empty()) table.insert("account", to_array(rule.accounts));
  if (!rule.segments.empty()) table.insert("segment", to_array(rule.segments));
  if (!rule.stages.empty()) table.insert("stage", to_array(rule.stages));
  if (rule.min_value) table.insert("min_value", *rule.min_value);
  if (rule.needs_estimate) table.insert("needs_estimate", *rule.needs_estimate);
  table.insert("multiply", rule.multiply);
  table.insert("add", rule.add);
  return table;
}

toml::table render_dedupe(const DedupeSettings& dedupe) {
  toml::table table;
  table.insert("threshold", dedupe.threshold);
  table.insert("auto_threshold", dedupe.auto_threshold);
  table.insert("char_weight", dedupe.char_weight);
  table.insert("description_weight", dedupe.description_weight);
  table.insert("stop_words", to_array(dedupe.stop_words));
  toml::table synonyms;
  for (const auto& [word, phrases] : dedupe.synonyms) synonyms.insert(word, to_array(phrases));
  table.insert("synonyms", std::move(synonyms));
  return table;
}

toml::table render_import_map(const ImportMap& map) {
  toml::table table;
  for (const auto& [field, column] : map.columns) table.insert(field, column);
  static const char* orders[] = {"iso", "us", "eu"};
  table.insert("dates", orders[static_cast<int>(map.dates)]);
  table.insert("decimal", map.decimal_comma ? "comma" : "point");
  if (map.delimiter != 0) table.insert("delimiter", map.delimiter == '\t' ? std::string("tab") : std::string(1, map.delimiter));
  toml::table stages;
  for (const auto& [crm, ours] : map.stages) stages.insert(crm, ours);
  if (!stages.empty()) table.insert("stages", std::move(stages));
  return table;
}

}  // namespace

const Stage* Config::find_stage(std::string_view name) const {
  for (const auto& stage : stages) {
    if (stage.name == name) return &stage;
  }
  return nullptr;
}

double Config::probability(std::string_view stage) const {
  const Stage* found = find_stage(stage);
  return found ? found->probability : scoring.unstaged_probability;
}

bool Config::is_open_deal(std::string_view stage) const {
  double p = probability(stage);
  return p > 0 && p < 1;
}

const std::vector<std::string>& quantity_names() {
  static const std::vector<std::string> names{
      "value",  "pipeline", "arr",           "concentration", "confidence",          "accounts",
      "asks",   "effort",   "days_to_close", "days_since_last_ask", "age_days"};
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
      "currency", "stage",    "close", "rep",  "source", "note",    "id"};
  return fields;
}

const ImportMap& Config::find_import_map(const std::string& name) const {
  auto found = import_maps.find(name);
  if (found == import_maps.end()) {
    std::vector<std::string> names;
    for (const auto& entry : import_maps) names.push_back(entry.first);
    throw UsageError(fmt::format("--map: no import map '{}'; {}", name,
                                 names.empty() ? std::string("the config defines none under [import.maps]")
                                               : fmt::format("known: {}", fmt::join(names, ", "))));
  }
  return found->second;
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
  return units * rate->second;
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
      ConfigReader("built-in defaults").read(parse_toml(template_text, "built-in defaults"));
  return defaults;
}

Config load_config_text(std::string_view text, const std::string& source_name) {
  return ConfigReader(source_name).read(parse_toml(text, source_name));
}

Config load_config_file(const std::string& path) {
  return load_config_text(read_config_file(path), path);
}

std::string render_config(const Config& config) {
  toml::table root;
  root.insert("base_currency", config.base_currency);
  root.insert("default_effort", config.default_effort);
  toml::table currencies;
  for (const auto& [code, rate] : config.rates) currencies.insert(code, rate);
  root.insert("currencies", std::move(currencies));
  toml::table stages;
  for (const auto& stage : config.stages) stages.insert(stage.name, stage.probability);
  root.insert("stages", std::move(stages));
  toml::table scoring;
  scoring.insert("profile", config.scoring.profile);
  toml::array statuses;
  for (auto status : config.scoring.statuses) statuses.push_back(std::string(to_string(status)));
  scoring.insert("statuses", std::move(statuses));
  scoring.insert("account_policy", std::string(to_string(config.scoring.account_policy)));
  scoring.insert("no_close_days", config.scoring.no_close_days);
  scoring.insert("concentration_flag", config.scoring.concentration_flag);
  scoring.insert("unstaged_probability", config.scoring.unstaged_probability);
  root.insert("scoring", std::move(scoring));
  toml::table profiles;
  for (const auto& [name, profile] : config.scoring.profiles) {
    profiles.insert(name, toml::table{{"formula", profile.formula.text()},
                                      {"description", profile.description}});
  }
  root.insert("profiles", std::move(profiles));
  toml::array rules;
  for (const auto& rule : config.scoring.rules) rules.push_back(render_rule(rule));
  if (!rules.empty()) root.insert("rules", std::move(rules));
  root.insert("dedupe", render_dedupe(config.dedupe));
  // Never the password: config show may be pasted anywhere.
  if (!config.store_url.empty()) root.insert("store", toml::table{{"url", database_name(config.store_url)}});
  toml::table maps;
  for (const auto& [name, map] : config.import_maps) maps.insert(name, render_import_map(map));
  if (!maps.empty()) root.insert("import", toml::table{{"maps", std::move(maps)}});
  std::ostringstream out;
  // Double-quoted strings and the shortest floats, as people write them.
  auto flags = (toml::toml_formatter::default_flags & ~toml::format_flags::allow_literal_strings) |
               toml::format_flags::relaxed_float_precision;
  out << "# effective configuration, from " << config.source << "\n"
      << toml::toml_formatter(root, flags) << "\n";
  return out.str();
}

std::string_view config_template() { return template_text; }

}  // namespace reqtriage
