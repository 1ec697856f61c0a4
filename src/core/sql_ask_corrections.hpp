#pragma once
// Internal to the storage layer: corrections to asks (edit, move, delete,
// restore), each recorded so --as-of can undo it.
#include "sql_requests.hpp"

namespace reqtriage {

class SqlAskCorrections : SqlPart {
 public:
  SqlAskCorrections(SqlSession& session, SqlRequests& requests, SqlAccounts& accounts)
      : SqlPart(session), m_requests(requests), m_accounts(accounts) {}

  std::optional<Ask> find_ask(AskId id);
  std::vector<HistoryEntry> update_ask(AskId id, const AskChanges& changes);
  std::vector<HistoryEntry> move_ask(AskId id, RequestId to);
  std::vector<HistoryEntry> delete_ask(AskId id, const std::string& reason);
  std::vector<HistoryEntry> restore_ask(AskId id);

 private:
  SqlRequests& m_requests;
  SqlAccounts& m_accounts;

  // The live ask, or NotFoundError / InputError for a deleted one.
  Ask load_live_ask(AskId id);
};

}  // namespace reqtriage
