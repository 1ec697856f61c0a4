#include "reqtriage/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

constexpr std::string_view template_text = R"(# reqtriage configuration. Every key is optional; a missing key keeps its
# default, shown here. See reqtriage(1), section CONFIGURATION.

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
)";

class ConfigReader {
 public:
  explicit ConfigReader(std::string source) : m_source(std::move(source)) {}

  Config read(const toml::table& root) {
    Config config;
    config.source = m_source;
    config.rates.clear();
    config.stages.clear();
    bool saw_currencies = false;
    bool saw_stages = false;
    for (auto&& [key, node] : root) {
      std::string name(key.str());
      if (name == "base_currency") {
        config.base_currency = read_currency_code(node, name);
      } else if (name == "default_effort") {
        config.default_effort = read_number(node, name, 0, 1e6, "a number from 0 to 1000000");
      } else if (name == "currencies") {
        saw_currencies = true;
        read_currencies(node, config);
      } else if (name == "stages") {
        saw_stages = true;
        read_stages(node, config);
      } else {
        throw unknown_key(key, name,
                          "the known top-level keys are base_currency, default_effort, "
                          "[currencies] and [stages]");
      }
    }
    // The default rates are against USD; with another base they would be wrong.
    if (!saw_currencies && config.base_currency == "USD") config.rates = default_config().rates;
    if (!saw_stages) config.stages = default_config().stages;
    config.rates.erase(config.base_currency);
    sort_stages(config.stages);
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
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    throw ConfigError(fmt::format("{}:{}:{}: {}", source_name, where.line, where.column,
                                  error.description()));
  }
}

}  // namespace

const Stage* Config::find_stage(std::string_view name) const {
  for (const auto& stage : stages) {
    if (stage.name == name) return &stage;
  }
  return nullptr;
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
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ConfigError(fmt::format("{}: cannot read the config file", path));
  std::stringstream text;
  text << file.rdbuf();
  if (file.bad()) throw ConfigError(fmt::format("{}: cannot read the config file", path));
  return load_config_text(text.str(), path);
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
