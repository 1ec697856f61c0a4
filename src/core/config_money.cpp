// Reading money settings: the base currency, rates, stages and their kinds, importance.
#include "config_reader.hpp"

#include <algorithm>

#include "reqtriage/parse.hpp"

namespace reqtriage {

std::string ConfigReader::read_currency_code(const toml::node& node, std::string_view key) const {
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

void ConfigReader::read_currencies(const toml::node& node, Config& config) const {
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

void ConfigReader::read_stages(const toml::node& node, Config& config) const {
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

Stage ConfigReader::bare_stage(const toml::node& value, const std::string& name, const std::string& key) const {
  double weight = read_number(value, key, 0, 1, "a probability from 0 to 1");
  return {name, weight, bare_kind(weight)};
}

Stage ConfigReader::read_stage_table(const toml::node& node, const std::string& name, const std::string& key) const {
  Stage stage{name, -1, StageKind::open};
  bool saw_kind = false;
  for (auto&& [field, value] : *node.as_table()) {
    auto field_key = fmt::format("{}.{}", key, field.str());
    if (field.str() == "weight") {
      stage.probability = read_number(value, field_key, 0, 1, "a probability from 0 to 1");
    } else if (field.str() == "kind") {
      stage.kind = read_choice<StageKind>(value, field_key,
                               {{"open", StageKind::open}, {"won", StageKind::won}, {"lost", StageKind::lost}}, "kind");
      saw_kind = true;
    } else {
      throw unknown_key(field, field_key, "a stage has weight and kind");
    }
  }
  if (stage.probability < 0) throw error_at(node.source(), key, "the stage needs a weight from 0 to 1");
  if (!saw_kind) stage.kind = bare_kind(stage.probability);
  return stage;
}

StageKind ConfigReader::bare_kind(double weight) {
  return weight == 1 ? StageKind::won : weight == 0 ? StageKind::lost : StageKind::open;
}

void ConfigReader::read_importance(const toml::node& node, const std::string& key, ImportanceWeights& weights) const {
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

void ConfigReader::check_base_rate(const toml::table& root, const Config& config) const {
  auto rate = config.rates.find(config.base_currency);
  if (rate == config.rates.end() || rate->second == 1.0) return;
  const auto* node = root["currencies"][config.base_currency].node();
  throw error_at(node ? node->source() : root.source(), fmt::format("currencies.{}", config.base_currency),
                 fmt::format("{} is the base currency, so its rate is 1; a rate of {} means these rates are "
                             "against another currency (the template's are against USD): give each "
                             "currency's value in {}",
                             config.base_currency, rate->second, config.base_currency));
}

void ConfigReader::sort_stages(std::vector<Stage>& stages) {
  std::sort(stages.begin(), stages.end(), [](const Stage& a, const Stage& b) {
    return a.probability != b.probability ? a.probability < b.probability : a.name < b.name;
  });
}

}  // namespace reqtriage
