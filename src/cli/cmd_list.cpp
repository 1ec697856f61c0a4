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
  auto accounts = index_accounts(store.list_accounts(), config);
  auto format = context.format();
  // Each request is written as it streams from the store with its asks, so
  // memory does not grow with the store (but for the aligned table, which
  // needs every row to size its columns).
  if (is_json(format)) {
    JsonArrayWriter writer(stdout, format);
    store.for_each_request_with_deals(filter, [&](const Request& request, const std::vector<const Ask*>& asks) {
      auto record = to_json(request);
      record["totals"] = to_json(request_figures(asks, accounts, config), config.base_currency);
      writer.add(record);
    });
    writer.finish();
    return;
  }
  TableWriter writer(stdout,
                     {{"id", Kind::number},
                      {"status"},
                      {"title", Kind::text, true},
                      {"area"},
                      {"tags", Kind::text, true},
                      {"accounts", Kind::number},
                      {"asks", Kind::number},
                      money_column("value", config.base_currency),
                      {"effort", Kind::number},
                      {"target"},
                      {"close"}},
                     format, context.table_style(), 1);
  store.for_each_request_with_deals(filter, [&](const Request& request, const std::vector<const Ask*>& asks) {
    auto sum = request_figures(asks, accounts, config);
    writer.row({std::to_string(request.id), std::string(to_string(request.status)), request.title, request.area,
                fmt::format("{}", fmt::join(request.tags, ",")), std::to_string(sum.accounts),
                std::to_string(sum.asks), amount_cell(sum.value, format), effort_cell(request.effort),
                request.target, sum.soonest_close});
  });
  writer.finish();
}

}  // namespace reqtriage::cli
