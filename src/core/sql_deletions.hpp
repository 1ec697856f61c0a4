#pragma once
// Internal to the storage layer: junk leaving and coming back. A deleted
// request (and its asks) is in no ranking, report or export, and stays in
// the history; restore brings it back exactly.
#include "sql_requests.hpp"

namespace reqtriage {

class SqlDeletions : SqlPart {
 public:
  SqlDeletions(SqlSession& session, SqlRequests& requests) : SqlPart(session), m_requests(requests) {}

  std::vector<HistoryEntry> delete_request(RequestId id, const std::string& reason);
  std::vector<HistoryEntry> restore_request(RequestId id);

 private:
  SqlRequests& m_requests;
};

}  // namespace reqtriage
