// reqtriage list: the requests, filtered, with what their asks add up to.
#include "commands.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/money.hpp"

namespace reqtriage::cli {

void run_list(Context& context, const ListOptions& options) {
  auto filter = read_filter(context, options.filter);

  const auto& config = context.config();
  auto& store = context.store_for_reading();
  auto requests = store.list_requests(filter);
  auto accounts = index_accounts(store.list_accounts(), config);
  std::map<RequestId, Figures> totals;
  store.for_each_deal_group(filter, [&](RequestId id, const std::vector<const Ask*>& asks) {
    totals[id] = request_figures(asks, accounts, config);
  });

  if (is_json(context.format())) {
    auto list = Json::array();
    for (const auto& request : requests) {
      auto record = to_json(request);
      record["totals"] = to_json(totals[request.id], config.base_currency);
      list.push_back(std::move(record));
    }
    context.print_json(list);
    return;
  }
  auto format = context.format();
  Table table;
  table.columns = {{"id", Kind::number},
                   {"status"},
                   {"title", Kind::text, true},
                   {"area"},
                   {"tags", Kind::text, true},
                   {"accounts", Kind::number},
                   {"asks", Kind::number},
                   money_column("value", config.base_currency),
                   {"effort", Kind::number},
                   {"target"},
                   {"close"}};
  table.status_column = 1;
  for (const auto& request : requests) {
    const auto& sum = totals[request.id];
    table.rows.push_back({std::to_string(request.id), std::string(to_string(request.status)),
                          request.title, request.area, fmt::format("{}", fmt::join(request.tags, ",")),
                          std::to_string(sum.accounts), std::to_string(sum.asks),
                          amount_cell(sum.value, format), effort_cell(request.effort),
                          request.target, sum.soonest_close});
  }
  context.print_table(table);
}

}  // namespace reqtriage::cli
