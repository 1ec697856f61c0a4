// reqtriage migrate --to TARGET: the whole store copied into an empty one,
// local to team (SQLite to PostgreSQL) or back, with every table counted.
#include "commands.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/paths.hpp"
#include "reqtriage/store.hpp"

namespace reqtriage::cli {

void run_migrate(Context& context, const std::string& target) {
  auto source = context.db_path();
  if (target == source || (!is_database_url(target) && !is_database_url(source) && same_file(target, source))) {
    throw UsageError("--to: the target is the store itself; give another");
  }
  if (!is_database_url(target)) context.refuse_own_files(target, "--to");
  auto counts = copy_store(source, target);
  Table table;
  table.columns = {{"table"}, {"rows", Kind::number}};
  std::int64_t rows = 0;
  for (const auto& count : counts) {
    table.rows.push_back({count.table, std::to_string(count.rows)});
    rows += count.rows;
  }
  context.print_table(table);
  context.say("Copied {} rows from {} to {}; every table holds as many rows there.", rows,
              database_name(source), database_name(target));
}

}  // namespace reqtriage::cli
