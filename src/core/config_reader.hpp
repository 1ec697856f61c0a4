#pragma once
// Internal to the config: the reader that turns TOML into a checked Config,
// every error naming the file, line, column and key. Its parts are defined
// by concern:
//   config_reader.cpp    the top level, [dedupe] and [store]
//   config_money.cpp     base currency, [currencies], [stages], [scoring.importance]
//   config_scoring.cpp   [scoring], [profiles], [[rules]]
//   config_import.cpp    [import.maps.NAME]
//   config_messages.cpp  [messages], [tracker.maps.NAME]
// Only the config's files see toml++.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "reqtriage/config.hpp"
#include "reqtriage/error.hpp"

namespace reqtriage {

class ConfigReader {
 public:
  explicit ConfigReader(std::string source) : m_source(std::move(source)) {}

  Config read(const toml::table& root);

 private:
  std::string m_source;

  // Generic readers, each throwing ConfigError at the node's place.
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

  const toml::table& read_table(const toml::node& node, std::string_view key) const {
    if (!node.is_table()) {
      throw error_at(node.source(), key, fmt::format("expected a table, got a {}", type_name(node)));
    }
    return *node.as_table();
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

  // One of several words, as its value ("open", "won", "lost").
  template <typename Choice>
  Choice read_choice(const toml::node& node, const std::string& key,
                     std::initializer_list<std::pair<std::string_view, Choice>> choices, std::string_view what) const {
    auto text = read_string(node, key);
    std::string names;
    std::size_t index = 0;
    for (const auto& [name, choice] : choices) {
      if (text == name) return choice;
      names += fmt::format("{}{}", index == 0 ? "" : index + 1 == choices.size() ? " or " : ", ", name);
      ++index;
    }
    throw error_at(node.source(), key, fmt::format("unknown {} '{}': expected {}", what, text, names));
  }

  std::string read_currency_code(const toml::node& node, std::string_view key) const;

  void read_currencies(const toml::node& node, Config& config) const;

  void read_stages(const toml::node& node, Config& config) const;

  // `name = 0.4`: a weight alone; 1 is a won stage and 0 a lost one.
  Stage bare_stage(const toml::node& value, const std::string& name, const std::string& key) const;

  // `name = { weight = 1.0, kind = "won" }`.
  Stage read_stage_table(const toml::node& node, const std::string& name, const std::string& key) const;

  static StageKind bare_kind(double weight);

  void read_importance(const toml::node& node, const std::string& key, ImportanceWeights& weights) const;

  // Rates are each currency's value in the base currency, so the base's own
  // rate is 1. Another figure means the table is against another currency:
  // the template's rates, against USD, kept after base_currency changed
  // (GBP 10k would show as 12,700 EUR).
  void check_base_rate(const toml::table& root, const Config& config) const;

  static void sort_stages(std::vector<Stage>& stages);

  void read_scoring(const toml::node& node, ScoringSettings& scoring) const;

  Formula read_formula(const toml::node& node, const std::string& key) const;

  void read_profiles(const toml::node& node, ScoringSettings& scoring) const;

  void read_rules(const toml::node& node, ScoringSettings& scoring) const;

  Rule read_rule(const toml::table& table, std::size_t number) const;

  std::vector<Status> read_statuses(const toml::node& node, const std::string& key,
                                    const std::vector<std::string>& names) const;

  static void add_built_in_profiles(ScoringSettings& scoring);

  void check_profile_choice(const toml::table& root, const ScoringSettings& scoring) const;

  // `[TABLE.maps.NAME]` tables (import, tracker): each read by `read_map`
  // (node, "TABLE.maps.NAME", NAME) into `maps`; any other key under TABLE
  // is refused.
  template <typename Map, typename ReadMap>
  void read_named_maps(const toml::node& node, const std::string& table, std::map<std::string, Map>& maps,
                       ReadMap read_map) const {
    for (auto&& [key, value] : read_table(node, table)) {
      if (key.str() != "maps") {
        throw unknown_key(key, fmt::format("{}.{}", table, key.str()),
                          fmt::format("[{}] holds [{}.maps.NAME] tables", table, table));
      }
      for (auto&& [name, map] : read_table(value, table + ".maps")) {
        std::string map_name(name.str());
        maps[map_name] = read_map(map, fmt::format("{}.maps.{}", table, map_name), map_name);
      }
    }
  }

  void read_import(const toml::node& node, Config& config) const;

  ImportMap read_import_map(const toml::node& node, const std::string& map_key,
                            const std::string& name) const;

  // A map's stages must name configured stages; [stages] may come after [import].
  void check_import_stages(const toml::table& root, const Config& config) const;

  void read_messages(const toml::node& node, Config& config) const;

  void read_tracker(const toml::node& node, Config& config) const;

  TrackerMap read_tracker_map(const toml::node& node, const std::string& map_key, const std::string& name) const;

  std::map<std::string, Status> read_status_map(const toml::node& node, const std::string& key) const;

  void read_dedupe(const toml::node& node, DedupeSettings& dedupe) const;

  void read_store(const toml::node& node, Config& config) const;
};

}  // namespace reqtriage
