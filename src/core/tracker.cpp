#include "reqtriage/tracker.hpp"

#include <fmt/format.h>

#include <map>

#include "reqtriage/csv_reader.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/store.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

// Every position of the first header among `names` that the file has
// (trackers repeat a header for a multi-valued field); empty when none.
std::vector<std::size_t> positions_of(const std::vector<std::string>& header, const std::vector<std::string>& names) {
  for (const auto& name : names) {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (fold_case(trim(header[i])) == fold_case(name)) found.push_back(i);
    }
    if (!found.empty()) return found;
  }
  return {};
}

// The first non-empty cell among the positions.
std::string first_value(const std::vector<std::string>& fields, const std::vector<std::size_t>& positions) {
  for (auto position : positions) {
    if (position < fields.size()) {
      auto value = trim(fields[position]);
      if (!value.empty()) return std::string(value);
    }
  }
  return {};
}

std::optional<Status> mapped(const std::map<std::string, Status>& map, const std::string& value) {
  if (value.empty()) return std::nullopt;
  auto found = map.find(fold_case(value));
  if (found == map.end()) return std::nullopt;
  return found->second;
}

}  // namespace

TrackerExport read_tracker_export(std::FILE* in, const std::string& source, const TrackerMap& map) {
  TrackerExport result;
  std::vector<std::size_t> key_at, status_at, target_at, resolution_at;
  auto require = [&](const std::vector<std::string>& header, const std::vector<std::string>& names,
                     const char* field) {
    auto found = positions_of(header, names);
    if (found.empty() && !names.empty()) {
      throw InputError(fmt::format("{}: row 1: no column {} (the map's {} column) among {}", source,
                                   fmt::join(names, " or "), field, fmt::join(header, ", ")));
    }
    return found;
  };
  CsvStream csv(source, 0, [&](std::size_t row, std::vector<std::string>& fields) {
    if (row == 1) {
      key_at = require(fields, map.key, "key");
      status_at = require(fields, map.status, "status");
      target_at = require(fields, map.target, "target");
      resolution_at = require(fields, map.resolution, "resolution");
      return;
    }
    TrackerTicket ticket;
    ticket.row = row;
    ticket.key = first_value(fields, key_at);
    if (ticket.key.empty()) throw InputError(fmt::format("{}: row {}: no ticket key", source, row));
    ticket.key = tracker_key_of(ticket.key);
    if (ticket.key.empty()) {
      throw InputError(fmt::format("{}: row {}: '{}' is not a ticket key (like PROJ-123)", source, row,
                                   first_value(fields, key_at)));
    }
    ticket.tracker_status = first_value(fields, status_at);
    ticket.resolution = first_value(fields, resolution_at);
    ticket.status = mapped(map.resolutions, ticket.resolution);
    if (!ticket.status) ticket.status = mapped(map.statuses, ticket.tracker_status);
    if (!ticket.status) {
      if (!ticket.resolution.empty() && !map.resolutions.empty()) result.unmapped.emplace_back(ticket.resolution, row);
      if (!ticket.tracker_status.empty()) result.unmapped.emplace_back(ticket.tracker_status, row);
    }
    auto target = first_value(fields, target_at);
    if (!target.empty()) ticket.target = parse_target(target, fmt::format("{}: row {}: target", source, row));
    result.tickets.push_back(std::move(ticket));
  });
  std::string piece;
  while (read_piece(in, piece)) csv.feed(piece);
  csv.finish();
  return result;
}

TrackerPlan plan_tracker_sync(Store& store, const TrackerExport& exported, const std::string& source) {
  TrackerPlan plan;
  std::map<RequestId, std::string> claimed;  // request -> the ticket that set it
  for (const auto& ticket : exported.tickets) {
    auto linked = store.requests_linked_to(ticket.key);
    if (linked.empty()) continue;
    ++plan.linked_tickets;
    for (auto id : linked) {
      auto request = store.get_request(id);
      if (request.status == Status::merged) {
        plan.skipped.push_back(fmt::format("#{} ({}) is merged into #{}: link the ticket there", id, ticket.key,
                                           request.merged_into.value_or(0)));
        continue;
      }
      if (auto other = claimed.find(id); other != claimed.end()) {
        plan.skipped.push_back(fmt::format("#{} links both {} and {}: kept {}", id, other->second, ticket.key,
                                           other->second));
        continue;
      }
      claimed[id] = ticket.key;
      TrackerUpdate update{id, ticket.key, {}, {}};
      if (ticket.status && *ticket.status != request.status) {
        update.changes.status = *ticket.status;
        update.described.push_back(fmt::format("status {} -> {}", to_string(request.status), to_string(*ticket.status)));
        if (*ticket.status == Status::declined && request.reason.empty()) {
          auto why = ticket.resolution.empty() ? ticket.tracker_status : ticket.resolution;
          update.changes.reason = fmt::format("{} in {}", why, ticket.key);
          update.described.push_back(fmt::format("reason '{}'", *update.changes.reason));
        }
      }
      if (!ticket.target.empty() && ticket.target != request.target) {
        update.changes.target = ticket.target;
        update.described.push_back(fmt::format("target {} -> {}", request.target.empty() ? "none" : request.target,
                                               ticket.target));
      }
      if (!update.changes.empty()) plan.updates.push_back(std::move(update));
    }
  }
  if (plan.linked_tickets == 0) {
    std::vector<std::string> keys;
    for (const auto& ticket : exported.tickets) {
      if (keys.size() < 5) keys.push_back(ticket.key);
    }
    throw InputError(fmt::format(
        "{}: none of its {} ticket{} ({}{}) is linked to a request; link them first with "
        "`reqtriage set ID --link KEY`",
        source, exported.tickets.size(), exported.tickets.size() == 1 ? "" : "s", fmt::join(keys, ", "),
        exported.tickets.size() > keys.size() ? ", ..." : ""));
  }
  return plan;
}

}  // namespace reqtriage
