#pragma once
// Internal to the storage layer: the history of every change (recorded by
// SqlSession::record) and the ranking snapshots of the review.
#include "sql_session.hpp"

namespace reqtriage {

class SqlHistory : SqlPart {
 public:
  explicit SqlHistory(SqlSession& session) : SqlPart(session) {}

  std::vector<HistoryEntry> history(std::optional<RequestId> id);
  std::vector<HistoryEntry> history_after(const std::string& at);
  std::int64_t save_snapshot(const RankSnapshot& snapshot);
  std::optional<RankSnapshot> latest_snapshot(const std::string& before);
};

}  // namespace reqtriage
