#pragma once
// Internal to the storage layer: merging requests, undoing merges, and pairs
// judged not duplicates.
#include "sql_requests.hpp"

namespace reqtriage {

class SqlMerges : SqlPart {
 public:
  SqlMerges(SqlSession& session, SqlRequests& requests) : SqlPart(session), m_requests(requests) {}

  std::vector<HistoryEntry> merge(const std::vector<RequestId>& ids, RequestId survivor_id);
  std::vector<HistoryEntry> unmerge(RequestId id);
  std::vector<MergeRecord> merges();
  void mark_not_duplicate(RequestId a, RequestId b);
  std::vector<std::pair<RequestId, RequestId>> not_duplicates();
  DecisionTitles decision_titles();

 private:
  SqlRequests& m_requests;
};

}  // namespace reqtriage
