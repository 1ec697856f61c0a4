// import --suggest-map: an [import.maps.NAME] table written from a file's
// header and values.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "import_columns.hpp"
#include "reqtriage/csv_reader.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/importer.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {

std::string suggest_import_map(std::FILE* in, const std::string& source, const std::string& name,
                               const Config& config, char delimiter) {
  std::vector<std::string> header;
  std::vector<std::set<std::string>> values;  // a few distinct values per column
  std::set<std::string> stages;               // every distinct value of the stage column
  std::optional<std::size_t> stage_column;
  CsvStream csv(source, delimiter, [&](std::size_t row, std::vector<std::string>& fields) {
    if (row == 1) {
      header = fields;
      values.resize(header.size());
      for (std::size_t i = 0; i < header.size(); ++i) {
        for (const auto& alias : header_aliases("stage")) {
          if (fold_case(trim(header[i])) == alias) stage_column = i;
        }
      }
      return;
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
      auto folded = fold_case(stage);
      // A guess to check: won and lost by name, else the first open stage.
      auto open_stage = std::find_if(names.begin(), names.end(), [](const std::string& known) {
        return known.find("won") == std::string::npos && known.find("lost") == std::string::npos;
      });
      std::string guess = open_stage != names.end() ? *open_stage : names.empty() ? "" : names.front();
      for (const auto& known : names) {
        if (folded.find("won") != std::string::npos && known.find("won") != std::string::npos) guess = known;
        if (folded.find("lost") != std::string::npos && known.find("lost") != std::string::npos) guess = known;
      }
      out += fmt::format("\"{}\" = \"{}\"\n", stage, guess);
    }
  }
  return out;
}

}  // namespace reqtriage
