// What doctor checks, and backups.
#include <filesystem>

#include "sql_maintenance.hpp"

namespace reqtriage {

auto SqlMaintenance::check() -> std::vector<std::string> {
  return read([&] {
    auto problems = m_db.check_engine();
    // The tool's own invariants, each a query listing what breaks it.
    const std::vector<const char*> invariants{
        "SELECT 'ask #' || a.id || ' sits on request #' || r.id || ', which is merged' "
         "FROM asks a JOIN requests r ON r.id = a.request_id WHERE r.status = 'merged'",
        "SELECT 'request #' || r.id || ' is merged into #' || r.merged_into || ', which is itself merged' "
         "FROM requests r JOIN requests s ON s.id = r.merged_into WHERE s.status = 'merged'",
        "SELECT 'request #' || id || ' is merged but points nowhere' FROM requests "
         "WHERE status = 'merged' AND merged_into IS NULL",
        "SELECT 'request #' || id || ' points to #' || merged_into || ' but is ' || status FROM requests "
         "WHERE status <> 'merged' AND merged_into IS NOT NULL",
        "SELECT 'request #' || r.id || ' is merged but its merge is not recorded' FROM requests r "
         "WHERE r.status = 'merged' AND NOT EXISTS (SELECT 1 FROM merges m WHERE m.merged_id = r.id "
         "AND m.undone_at IS NULL)",
        "SELECT 'request #' || r.id || ' has no history of its creation' FROM requests r "
         "WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.request_id = r.id AND h.action = 'created')",
        "SELECT 'ask #' || a.id || ' has no history of being added' FROM asks a "
         "WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.request_id = a.origin_request_id "
         "AND ((h.action = 'ask-added' AND h.new_value LIKE '#' || a.id || ' %') "
         "OR (h.action = 'ask-moved' AND h.field = 'ask #' || a.id)))",
        "SELECT 'ask #' || a.id || ' is on account ' || c.name || ', which is merged into another' "
         "FROM asks a JOIN accounts c ON c.id = a.account_id WHERE c.merged_into IS NOT NULL",
        "SELECT 'request #' || id || ' is declined without a reason' FROM requests "
         "WHERE status = 'declined' AND reason = ''",
        "SELECT 'request #' || id || ' has an effort of 0, which scores divide by; set a positive one' "
         "FROM requests WHERE effort = 0",
        // A deal has one amount, stage and close date (MONEY in reqtriage(1));
        // the schema's triggers keep its asks so, unless another program
        // wrote to the database without them.
        "SELECT 'ask #' || a.id || ' of deal ' || d.deal_key || ' disagrees with the deal (written by another "
        "program?); give it the deal''s figures with `reqtriage ask ' || a.id || ' --deal ' || d.deal_key || '`' "
        "FROM asks a JOIN deals d ON d.id = a.deal_id WHERE a.deal <> d.deal_key "
        "OR coalesce(a.account_id, 0) <> coalesce(d.account_id, 0) OR coalesce(a.value_cents, -1) <> "
        "coalesce(d.value_cents, -1) OR coalesce(a.currency, '') <> coalesce(d.currency, '') "
        "OR a.stage <> d.stage OR a.close_date <> d.close_date",
        "SELECT 'ask #' || id || ' names deal ' || deal || ' but has no deal record (written by another "
        "program?)' FROM asks WHERE (deal <> '') <> (deal_id IS NOT NULL)",
    };
    for (const char* sql : invariants) {
      Statement query(m_db, sql);
      while (query.executeStep()) problems.push_back(query.getColumn(0).getString());
    }
    find_invalid_text(problems);
    return problems;
  });
}

auto SqlMaintenance::upgrade_notes() -> std::vector<std::string> {
  return read([&] {
    std::vector<std::string> notes;
    // Schema 6 made deals records: asks of a deal that disagreed took what
    // its latest ask said (MONEY in reqtriage(1)).
    Statement reconciled(m_db, "SELECT substr(min(at), 1, 10), count(*) FROM history "
                               "WHERE actor = 'reqtriage upgrade' AND action = 'ask-changed'");
    if (reconciled.executeStep() && reconciled.getColumn(1).getInt64() > 0) {
      notes.push_back(fmt::format(
          "the upgrade of {} made deals records: {} figure{} of asks that disagreed with their deal took what the "
          "deal's latest ask said; `reqtriage history` lists each change (by 'reqtriage upgrade')",
          reconciled.getColumn(0).getString(), reconciled.getColumn(1).getInt64(),
          reconciled.getColumn(1).getInt64() == 1 ? "" : "s"));
    }
    return notes;
  });
}

auto SqlMaintenance::find_invalid_text(std::vector<std::string>& problems) -> void {
  struct TextColumns {
    const char* table;
    const char* what;
    std::vector<const char*> columns;
  };
  const std::vector<TextColumns> tables{
      {"requests", "request", {"title", "description", "area", "reason", "workaround"}},
      {"asks", "ask", {"stage", "close_date", "rep", "source", "note"}},
      {"accounts", "account", {"name", "segment"}},
  };
  for (const auto& [table, what, columns] : tables) {
    Statement query(m_db, fmt::format("SELECT id, {} FROM {}", fmt::join(columns, ", "), table));
    while (query.executeStep()) {
      for (std::size_t i = 0; i < columns.size(); ++i) {
        auto column = query.getColumn(static_cast<int>(i + 1));
        if (column.isNull() || is_valid_utf8(column.getString())) continue;
        problems.push_back(fmt::format("{} #{}: its {} is not valid UTF-8 (written by another program?)", what,
                                       query.getColumn(0).getInt64(), columns[i]));
      }
    }
  }
}

auto SqlMaintenance::backup_to(const std::string& path) -> void {
  std::error_code ignored;
  // symlink_status: a dangling link is there too, and SQLite would write through it.
  if (std::filesystem::exists(std::filesystem::symlink_status(path, ignored))) {
    throw Error(ExitCode::failure, fmt::format("{} already exists; give a new file for the backup", path));
  }
  auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty() && !std::filesystem::is_directory(folder, ignored)) {
    throw OutputError(fmt::format("cannot write the backup {}: there is no folder {}", path, folder.string()));
  }
  try {
    if (m_db.backup_natively(path)) return;
    // An engine without its own way copies table by table into a new
    // SQLite file, private to the user.
    auto file = open_sqlite(path, IfMissing::create);
    copy_between(m_db, *file);
  } catch (...) {
    m_session.rethrow(std::current_exception());
  }
}

}  // namespace reqtriage
