#pragma once
/// Tracker sync: an issue tracker's CSV export (Jira's "Export CSV", ...)
/// read through a `[tracker.maps.NAME]` map, and the status and target
/// changes it means for the requests linked to its tickets.
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reqtriage/config.hpp"
#include "reqtriage/domain.hpp"

namespace reqtriage {

class Store;

/// One row of the export.
struct TrackerTicket {
  std::size_t row = 0;               ///< 1-based, the header is row 1
  std::string key;                   ///< upper case
  std::optional<Status> status;      ///< unset: the map says nothing of its status
  std::string target;                ///< empty: none given
  std::string tracker_status;        ///< as written, for messages
  std::string resolution;
};

struct TrackerExport {
  std::vector<TrackerTicket> tickets;
  /// Statuses and resolutions the map does not know, with a row each.
  std::vector<std::pair<std::string, std::size_t>> unmapped;
};

/// Reads the export. Throws InputError naming the source, row and column for
/// a missing column, a row without a key or a malformed target.
TrackerExport read_tracker_export(std::FILE* in, const std::string& source, const TrackerMap& map);

/// What one ticket does to one linked request.
struct TrackerUpdate {
  RequestId request = 0;
  std::string key;
  RequestChanges changes;
  std::vector<std::string> described;  ///< "status planned -> shipped", "target 2027-Q1"
};

struct TrackerPlan {
  std::vector<TrackerUpdate> updates;
  std::size_t linked_tickets = 0;  ///< tickets some request links to
  std::vector<std::string> skipped;  ///< "#7 is merged into #3", ...
};

/// The changes the tickets mean for the requests linked to them: a request
/// takes its ticket's mapped status and its target when given; a decline
/// without a reason on the request gets the resolution as its reason.
/// Throws InputError when no ticket is linked to any request.
TrackerPlan plan_tracker_sync(Store& store, const TrackerExport& exported, const std::string& source);

}  // namespace reqtriage
