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

  // What the survivor had before a merge gave it the merged request's
  // answer (unset: the merge left it), so unmerge can give it back.
  struct SurvivorBefore {
    std::optional<std::string> status, reason, workaround, target;
    std::vector<std::string> added_links;
  };
  // The survivor takes the merged request's decision (planned, in
  // progress, shipped, declined: with its reason and workaround), its target
  // when it has none, and its links; two answers that disagree are refused.
  std::vector<HistoryEntry> keep_answer(const std::string& now, const Request& merged, const Request& survivor,
                                        SurvivorBefore& before);
  std::vector<HistoryEntry> give_back_answer(const std::string& now, const Request& merged, RequestId survivor_id,
                                             const std::string& merged_status, const SurvivorBefore& before);
};

}  // namespace reqtriage
