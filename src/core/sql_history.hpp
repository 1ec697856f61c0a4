#pragma once
// Internal to the storage layer: the history of every change (recorded by
// SqlSession::record) and the ranking snapshots of the review.
#include "reqtriage/rank_delta.hpp"
#include "sql_session.hpp"

namespace reqtriage {

class SqlHistory : SqlPart {
 public:
  explicit SqlHistory(SqlSession& session) : SqlPart(session) {}

  std::vector<HistoryEntry> history(std::optional<RequestId> id);
  std::vector<HistoryEntry> recent_history(const std::function<bool(const HistoryEntry&)>& wanted);
  std::int64_t save_snapshot(const RankSnapshot& snapshot);
  std::optional<RankSnapshot> latest_snapshot(const std::string& before, const std::string& profile);
  // For doctor: each saved ranking that no longer reads back, and why.
  std::vector<std::string> snapshot_problems();

 private:
  struct StoredRanking {
    RankOrder order;
    std::size_t deltas = 0;      ///< snapshots of changes since the whole ranking
    std::size_t delta_rows = 0;  ///< their rows
  };
  // The ranking of snapshot `id`: its whole ranking, then each snapshot of
  // changes on it in turn.
  StoredRanking load_ranking(std::int64_t id);
  std::vector<RankChange> load_rows(std::int64_t snapshot_id);
};

}  // namespace reqtriage
