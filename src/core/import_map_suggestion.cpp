// import --suggest-map: an [import.maps.NAME] table written from a file's
// header and values.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <unordered_map>

#include "import_columns.hpp"
#include "reqtriage/csv_reader.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/importer.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

// What a CRM's stage means, whatever it is called there.
enum class Meaning { unknown, lead, qualified, proposal, negotiation, commit, won, lost };

// The standard stage names of Salesforce, HubSpot, Pipedrive and Dynamics,
// then words that say the same.
Meaning meaning_of(const std::string& stage) {
  auto folded = fold_case(stage);
  std::string letters;
  for (char c : folded) {
    if (std::isalnum(static_cast<unsigned char>(c))) letters += c;
  }
  static const std::vector<std::pair<const char*, Meaning>> standard{
      {"prospecting", Meaning::lead}, {"leadin", Meaning::lead}, {"new", Meaning::lead},
      {"qualification", Meaning::qualified}, {"needsanalysis", Meaning::qualified},
      {"iddecisionmakers", Meaning::qualified}, {"appointmentscheduled", Meaning::qualified},
      {"qualifiedtobuy", Meaning::qualified}, {"contactmade", Meaning::qualified}, {"qualify", Meaning::qualified},
      {"valueproposition", Meaning::proposal}, {"perceptionanalysis", Meaning::proposal},
      {"proposalpricequote", Meaning::proposal}, {"presentationscheduled", Meaning::proposal},
      {"demoscheduled", Meaning::proposal}, {"proposalmade", Meaning::proposal}, {"develop", Meaning::proposal},
      {"propose", Meaning::proposal}, {"negotiationreview", Meaning::negotiation},
      {"decisionmakerboughtin", Meaning::negotiation}, {"negotiationsstarted", Meaning::negotiation},
      {"contractsent", Meaning::commit}, {"close", Meaning::commit}, {"verbalcommit", Meaning::commit},
      {"closedwon", Meaning::won}, {"won", Meaning::won}, {"closedlost", Meaning::lost}, {"lost", Meaning::lost}};
  for (const auto& [name, meaning] : standard) {
    if (letters == name) return meaning;
  }
  auto has = [&](const char* word) { return folded.find(word) != std::string::npos; };
  if (has("won")) return Meaning::won;
  if (has("lost")) return Meaning::lost;
  if (has("contract") || has("commit") || has("signature") || has("verbal")) return Meaning::commit;
  if (has("negotiat")) return Meaning::negotiation;
  if (has("propos") || has("quote") || has("demo") || has("present")) return Meaning::proposal;
  if (has("qualif") || has("discovery") || has("analysis") || has("decision")) return Meaning::qualified;
  if (has("prospect") || has("lead")) return Meaning::lead;
  return Meaning::unknown;
}

// The configured stage for a meaning: one of that name, else won and lost
// by kind, else the open stage at the same place in the weights' order.
std::optional<std::string> configured_stage(Meaning meaning, const Config& config) {
  static const char* names[] = {"", "lead", "qualified", "proposal", "negotiation", "commit", "won", "lost"};
  auto wanted = names[static_cast<int>(meaning)];
  if (meaning == Meaning::unknown) return std::nullopt;
  for (const auto& stage : config.stages) {
    if (fold_case(stage.name) == wanted) return stage.name;
  }
  if (meaning == Meaning::won || meaning == Meaning::lost) {
    auto kind = meaning == Meaning::won ? StageKind::won : StageKind::lost;
    for (const auto& stage : config.stages) {
      if (stage.kind == kind) return stage.name;
    }
    return std::nullopt;
  }
  std::vector<const Stage*> open;
  for (const auto& stage : config.stages) {
    if (stage.kind == StageKind::open) open.push_back(&stage);
  }
  if (open.empty()) return std::nullopt;
  std::sort(open.begin(), open.end(), [](const Stage* a, const Stage* b) { return a->probability < b->probability; });
  // lead .. commit spread over the open stages, lowest weight first.
  auto place = static_cast<std::size_t>(static_cast<int>(meaning) - static_cast<int>(Meaning::lead));
  return open[std::min(open.size() - 1, place * open.size() / 5)]->name;
}

}  // namespace

std::string suggest_import_map(std::FILE* in, const std::string& source, const std::string& name,
                               const Config& config, char delimiter) {
  std::vector<std::string> header;
  std::vector<std::set<std::string>> values;  // a few distinct values per column
  std::set<std::string> stages;               // every distinct value of the stage column
  std::optional<std::size_t> stage_column;
  // An id column whose values repeat with different features is a deal:
  // one opportunity asking for several.
  std::optional<std::size_t> id_column, title_column;
  std::unordered_map<std::string, std::string> title_of_id;
  bool id_repeats = false;
  CsvStream csv(source, delimiter, [&](std::size_t row, std::vector<std::string>& fields) {
    if (row == 1) {
      header = fields;
      values.resize(header.size());
      for (std::size_t i = 0; i < header.size(); ++i) {
        auto named = [&](const char* field) {
          const auto& aliases = header_aliases(field);
          return std::find(aliases.begin(), aliases.end(), fold_case(trim(header[i]))) != aliases.end();
        };
        if (named("stage")) stage_column = i;
        if (named("id") && !id_column) id_column = i;
        if (named("title") && !title_column) title_column = i;
      }
      return;
    }
    if (id_column && title_column && *id_column < fields.size() && *title_column < fields.size() && !id_repeats &&
        title_of_id.size() < 200000) {
      auto [known, fresh] = title_of_id.try_emplace(trim(fields[*id_column]), trim(fields[*title_column]));
      id_repeats = !fresh && known->second != trim(fields[*title_column]);
    }
    for (std::size_t i = 0; i < fields.size() && i < values.size(); ++i) {
      auto value = trim(fields[i]);
      if (value.empty()) continue;
      if (stage_column == i && stages.size() < 200) stages.insert(value);
      if (values[i].size() < 50) values[i].insert(value);
    }
  });
  for (std::string piece; read_piece(in, piece);) csv.feed(piece);
  csv.finish();
  if (header.empty()) throw InputError(fmt::format("{}: the file is empty; expected a header row", source));

  std::string out = fmt::format("# Suggested by reqtriage import --suggest-map from {}; check it, then add it\n"
                                "# to the config (reqtriage.toml(5)).\n[import.maps.{}]\n", source, name);
  std::vector<std::string> unmapped;
  std::set<std::string> taken;
  std::optional<std::size_t> close_column, value_column;
  for (std::size_t i = 0; i < header.size(); ++i) {
    auto folded = fold_case(trim(header[i]));
    std::string field;
    for (const auto& candidate : import_fields()) {
      const auto& aliases = header_aliases(candidate);
      if (!taken.count(candidate) && std::find(aliases.begin(), aliases.end(), folded) != aliases.end()) field = candidate;
    }
    if (field.empty()) {
      unmapped.push_back(header[i]);
      continue;
    }
    if (field == "id" && id_repeats && i == id_column) {
      field = "deal";
      out += fmt::format("# \"{}\" repeats with different features: one opportunity asks for several, so it is\n"
                         "# the deal (counted once), not the row's id\n",
                         header[i]);
    }
    taken.insert(field);
    if (field == "close") close_column = i;
    if (field == "value") value_column = i;
    out += fmt::format("{} = \"{}\"\n", field, header[i]);
  }
  if (!taken.count("title")) out += "# title = \"...\"  # no column looks like the feature's title: name the one that holds it\n";
  if (!unmapped.empty()) {
    out += fmt::format("# Not imported (map one with FIELD = \"Header\"): {}\n", quoted_list(unmapped));
  }
  if (close_column) {
    bool day_first = false;
    bool slash = false;
    for (const auto& value : values[*close_column]) slash = looks_like_slash_date(without_time(value), day_first) || slash;
    if (slash) out += fmt::format("dates = \"{}\"\n", day_first ? "eu" : "us");
  }
  if (value_column) {
    bool comma = std::any_of(values[*value_column].begin(), values[*value_column].end(), [](const std::string& v) {
      auto c = v.rfind(',');
      return c != std::string::npos && v.size() - c - 1 != 3 && v.size() - c - 1 <= 2;
    });
    if (comma) out += "decimal = \"comma\"\n";
  }
  if (csv.delimiter() != ',') out += fmt::format("delimiter = \"{}\"\n", csv.delimiter() == '\t' ? "tab" : ";");
  std::vector<std::string> unknown;
  for (const auto& stage : stages) {
    try {
      config.stage(stage, "");
    } catch (const InputError&) {
      unknown.push_back(stage);
    }
  }
  if (!unknown.empty()) {
    std::vector<std::string> names;
    for (const auto& stage : config.stages) names.push_back(stage.name);
    out += fmt::format("\n[import.maps.{}.stages]\n# Each CRM stage as one of: {}\n", name, fmt::join(names, ", "));
    for (const auto& stage : unknown) {
      // By what the stage means (the standard CRM names, then its words);
      // one it cannot place is left for the PM, never guessed.
      if (auto placed = configured_stage(meaning_of(stage), config)) {
        out += fmt::format("\"{}\" = \"{}\"\n", stage, *placed);
      } else {
        out += fmt::format("# \"{}\" = \"?\"  # cannot tell what it means: choose one of the stages above\n", stage);
      }
    }
  }
  return out;
}

}  // namespace reqtriage
