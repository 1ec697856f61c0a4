#pragma once
// Internal to the SQLite backend (and its tests): schema migrations.
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace reqtriage::sqlite {

/// "RQTR": marks a file as a reqtriage database (PRAGMA application_id).
constexpr int application_id = 0x52515452;

/// One step from version - 1 to version.
struct Migration {
  int version;
  std::string sql;
};

/// The steps of this build, in order.
const std::vector<Migration>& migrations();

/// Brings the database at `path` to the last step's version in one
/// IMMEDIATE transaction, after a `VACUUM INTO` backup when it holds an older
/// version. Refuses (never touching the file) a file that is not a reqtriage
/// database or whose schema is newer. Returns the backup's path, or "".
std::string migrate(SQLite::Database& db, const std::string& path,
                    const std::vector<Migration>& steps);

/// What an upgrade stopped while writing its backup left beside the database
/// at `path` (an empty `PATH.vN.bak`, a `.partial` copy), each a line for
/// doctor with the command that removes it.
std::vector<std::string> broken_backups(const std::string& path);

}  // namespace reqtriage::sqlite
