// reqtriage history [ID]: every recorded change, oldest first.
#include "commands.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/parse.hpp"

namespace reqtriage::cli {

void run_history(Context& context, const HistoryOptions& options) {
  std::optional<RequestId> id;
  auto& store = context.store_for_reading();
  if (!options.id.empty()) {
    id = parse_request_id(options.id, "ID");
    store.get_request(*id);  // a missing request is an error, not an empty history
  }
  auto entries = store.history(id);
  if (is_json(context.format())) {
    auto list = Json::array();
    for (const auto& entry : entries) list.push_back(to_json(entry));
    context.print_json(list);
    return;
  }
  Table table;
  table.columns = {{"at"},     {"actor"},  {"request", Kind::number}, {"account"}, {"action"},
                   {"field"},  {"old", Kind::text, true}, {"new", Kind::text, true}};
  for (const auto& entry : entries) {
    table.rows.push_back({entry.at, entry.actor,
                          entry.request_id ? std::to_string(*entry.request_id) : "", entry.account,
                          entry.action, entry.field, entry.old_value, entry.new_value});
  }
  context.print_table(table);
}

}  // namespace reqtriage::cli
