#pragma once
// Internal to the storage layer: what doctor checks, and backups.
#include "sql_session.hpp"

namespace reqtriage {

class SqlMaintenance : SqlPart {
 public:
  explicit SqlMaintenance(SqlSession& session) : SqlPart(session) {}

  std::vector<std::string> check();
  std::vector<std::string> upgrade_notes();
  void backup_to(const std::string& path);

 private:
  // Text that is not UTF-8 (written by another client: sqlite3, psql)
  // cannot be shown or exported faithfully.
  void find_invalid_text(std::vector<std::string>& problems);
};

}  // namespace reqtriage
