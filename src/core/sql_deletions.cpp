// Deleting requests that are junk, and restoring them.
#include "sql_deletions.hpp"

namespace reqtriage {

auto SqlDeletions::delete_request(RequestId id, const std::string& reason) -> std::vector<HistoryEntry> {
  return write([&] {
    auto request = m_requests.load_request(id);
    if (request.status == Status::merged) {
      throw InputError(fmt::format("ID: request #{} is merged into #{}: it is in no ranking already; delete #{}, "
                                   "or unmerge it first",
                                   id, request.merged_into.value_or(0), request.merged_into.value_or(0)));
    }
    if (!request.deleted_at.empty()) {
      throw InputError(fmt::format("ID: request #{} is already deleted (on {}: '{}')", id,
                                   request.deleted_at.substr(0, 10), request.delete_reason));
    }
    auto now = now_utc();
    execute("UPDATE requests SET deleted_at = ?, delete_reason = ?, updated_at = ? WHERE id = ?", now, reason, now,
            id);
    return std::vector<HistoryEntry>{record(now, id, std::nullopt, "deleted", "request", "", reason)};
  });
}

auto SqlDeletions::restore_request(RequestId id) -> std::vector<HistoryEntry> {
  return write([&] {
    auto request = m_requests.load_request(id);
    if (request.deleted_at.empty()) throw InputError(fmt::format("ID: request #{} is not deleted", id));
    auto now = now_utc();
    execute("UPDATE requests SET deleted_at = NULL, delete_reason = '', updated_at = ? WHERE id = ?", now, id);
    return std::vector<HistoryEntry>{
        record(now, id, std::nullopt, "restored", "request", request.delete_reason, "")};
  });
}

}  // namespace reqtriage
