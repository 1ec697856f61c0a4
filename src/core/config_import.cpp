// Reading [import.maps.NAME]: which column holds which field, and how a CRM writes.
#include "config_reader.hpp"

#include "reqtriage/text.hpp"

namespace reqtriage {

void ConfigReader::read_import(const toml::node& node, Config& config) const {
  read_named_maps(node, "import", config.import_maps,
                  [&](const toml::node& map, const std::string& key, const std::string& name) {
                    return read_import_map(map, key, name);
                  });
}

ImportMap ConfigReader::read_import_map(const toml::node& node, const std::string& map_key,
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

void ConfigReader::check_import_stages(const toml::table& root, const Config& config) const {
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

}  // namespace reqtriage
