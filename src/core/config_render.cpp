// Writing a Config back as TOML, for `config show`: it reads back as the
// same config.
#include <toml++/toml.h>

#include <sstream>

#include "reqtriage/config.hpp"
#include "reqtriage/store.hpp"

namespace reqtriage {
namespace {

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

toml::table render_tracker_map(const TrackerMap& map) {
  toml::table table;
  table.insert("key", to_array(map.key));
  if (!map.status.empty()) table.insert("status", to_array(map.status));
  if (!map.target.empty()) table.insert("target", to_array(map.target));
  if (!map.resolution.empty()) table.insert("resolution", to_array(map.resolution));
  auto statuses = [](const std::map<std::string, Status>& entries) {
    toml::table rendered;
    for (const auto& [theirs, ours] : entries) rendered.insert(theirs, std::string(to_string(ours)));
    return rendered;
  };
  if (!map.statuses.empty()) table.insert("statuses", statuses(map.statuses));
  if (!map.resolutions.empty()) table.insert("resolutions", statuses(map.resolutions));
  return table;
}

toml::table render_dedupe(const DedupeSettings& dedupe) {
  toml::table table;
  if (dedupe.threshold_given) table.insert("threshold", dedupe.threshold);
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

std::string render_config(const Config& config) {
  toml::table root;
  root.insert("base_currency", config.base_currency);
  root.insert("default_effort", config.default_effort);
  toml::table currencies;
  for (const auto& [code, rate] : config.rates) currencies.insert(code, rate);
  root.insert("currencies", std::move(currencies));
  toml::table stages;
  for (const auto& stage : config.stages) {
    toml::table entry{{"weight", stage.probability}, {"kind", std::string(to_string(stage.kind))}};
    entry.is_inline(true);
    stages.insert(stage.name, std::move(entry));
  }
  root.insert("stages", std::move(stages));
  toml::table scoring;
  scoring.insert("profile", config.scoring.profile);
  toml::array statuses;
  for (auto status : config.scoring.statuses) statuses.push_back(std::string(to_string(status)));
  scoring.insert("statuses", std::move(statuses));
  scoring.insert("account_policy", std::string(to_string(config.scoring.account_policy)));
  scoring.insert("no_close_days", config.scoring.no_close_days);
  scoring.insert("concentration_flag", config.scoring.concentration_flag);
  scoring.insert("unknown_stage_weight", config.stage_weight(""));
  const auto& importance = config.scoring.importance;
  scoring.insert("importance", toml::table{{"blocker", importance.blocker},
                                           {"important", importance.important},
                                           {"nice", importance.nice}});
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
  toml::table messages;
  for (const auto& [status, text] : config.messages) messages.insert(std::string(to_string(status)), text);
  root.insert("messages", std::move(messages));
  toml::table trackers;
  for (const auto& [name, map] : config.tracker_maps) trackers.insert(name, render_tracker_map(map));
  if (!trackers.empty()) root.insert("tracker", toml::table{{"maps", std::move(trackers)}});
  std::ostringstream out;
  // Double-quoted strings and the shortest floats, as people write them.
  auto flags = (toml::toml_formatter::default_flags & ~toml::format_flags::allow_literal_strings) |
               toml::format_flags::relaxed_float_precision;
  out << "# effective configuration, from " << config.source << "\n"
      << toml::toml_formatter(root, flags) << "\n";
  return out.str();
}

}  // namespace reqtriage
