// Reading [messages] (what to tell a customer, by status) and
// [tracker.maps.NAME] (how to read an issue tracker's export).
#include "config_reader.hpp"

#include "reqtriage/messages.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {

void ConfigReader::read_messages(const toml::node& node, Config& config) const {
  for (auto&& [key, value] : read_table(node, "messages")) {
    std::string name(key.str());
    auto full_key = "messages." + name;
    Status status;
    try {
      status = parse_status(name, full_key);
    } catch (const InputError&) {
      status = Status::merged;
    }
    if (status == Status::merged) {
      throw unknown_key(key, full_key,
                        "[messages] has one template per status: new, triaged, planned, in-progress, shipped, "
                        "declined");
    }
    auto text = read_string(value, full_key);
    try {
      check_message_template(text);
    } catch (const InputError& error) {
      throw error_at(value.source(), full_key, error.what());
    }
    config.messages[status] = text;
  }
}

void ConfigReader::read_tracker(const toml::node& node, Config& config) const {
  read_named_maps(node, "tracker", config.tracker_maps,
                  [&](const toml::node& map, const std::string& key, const std::string& name) {
                    return read_tracker_map(map, key, name);
                  });
}

TrackerMap ConfigReader::read_tracker_map(const toml::node& node, const std::string& map_key,
                                          const std::string& name) const {
  TrackerMap map;
  map.name = name;
  for (auto&& [key, value] : read_table(node, map_key)) {
    std::string field(key.str());
    auto full_key = fmt::format("{}.{}", map_key, field);
    if (field == "key") {
      map.key = read_strings(value, full_key);
    } else if (field == "status") {
      map.status = read_strings(value, full_key);
    } else if (field == "target") {
      map.target = read_strings(value, full_key);
    } else if (field == "resolution") {
      map.resolution = read_strings(value, full_key);
    } else if (field == "statuses") {
      map.statuses = read_status_map(value, full_key);
    } else if (field == "resolutions") {
      map.resolutions = read_status_map(value, full_key);
    } else {
      throw unknown_key(key, full_key,
                        "a tracker map names the columns key, status, target and resolution, and has "
                        "[statuses] and [resolutions] tables");
    }
  }
  if (map.key.empty()) throw error_at(node.source(), map_key, "the map names no column for key");
  if (map.status.empty() && map.resolution.empty() && map.target.empty()) {
    throw error_at(node.source(), map_key, "the map reads nothing: name a status, resolution or target column");
  }
  return map;
}

std::map<std::string, Status> ConfigReader::read_status_map(const toml::node& node, const std::string& key) const {
  std::map<std::string, Status> statuses;
  for (auto&& [theirs, ours] : read_table(node, key)) {
    auto entry_key = fmt::format("{}.\"{}\"", key, theirs.str());
    auto text = read_string(ours, entry_key);
    Status status = Status::merged;
    try {
      status = parse_status(text, entry_key);
    } catch (const InputError&) {
    }
    if (status == Status::merged) {
      throw error_at(ours.source(), entry_key,
                     fmt::format("'{}' is not a status a ticket can give: expected new, triaged, planned, "
                                 "in-progress, shipped or declined",
                                 text));
    }
    statuses[fold_case(theirs.str())] = status;
  }
  return statuses;
}

}  // namespace reqtriage
