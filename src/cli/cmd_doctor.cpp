// reqtriage doctor / backup: check the store, copy it safely.
#include "commands.hpp"
#include "reqtriage/error.hpp"

namespace reqtriage::cli {

void run_doctor(Context& context) {
  auto& store = context.store_for_reading();
  auto problems = store.check();
  for (const auto& note : store.upgrade_notes()) context.say("note: {}", note);
  if (problems.empty()) {
    context.say("{}: no problems found (the database's own checks, merges, history).",
                database_name(context.db_path()));
    return;
  }
  Table table;
  table.columns = {{"problem"}};
  for (auto& problem : problems) table.rows.push_back({std::move(problem)});
  context.print_table(table);
  throw Error(ExitCode::failure, fmt::format("{}: {} problem{} found", database_name(context.db_path()), problems.size(),
                                             problems.size() == 1 ? "" : "s"));
}

void run_backup(Context& context, const std::string& path) {
  context.refuse_own_files(path, "FILE");
  context.store_for_reading().backup_to(path);
  context.say("Wrote a backup of {} to {}", database_name(context.db_path()), path);
}

}  // namespace reqtriage::cli
