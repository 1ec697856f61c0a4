// reqtriage accounts / account NAME: the customers and what they asked for.
#include "commands.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/summary.hpp"

namespace reqtriage::cli {
namespace {

void print_accounts(Context& context, const std::vector<AccountTotals>& accounts) {
  const auto& config = context.config();
  if (is_json(context.format())) {
    auto list = Json::array();
    for (const auto& totals : accounts) {
      auto record = to_json(totals.account);
      record["asks"] = totals.asks;
      record["requests"] = totals.requests;
      record["value"] = totals.value;
      record["currency"] = config.base_currency;
      list.push_back(std::move(record));
    }
    context.print_json(list);
    return;
  }
  auto format = context.format();
  Table table;
  table.columns = {{"account", Kind::text, true}, {"segment"},
                   {"arr", Kind::number},          {"arr_currency"},
                   {"requests", Kind::number},     {"asks", Kind::number},
                   {fmt::format("value_{}", config.base_currency), Kind::number}};
  for (const auto& totals : accounts) {
    const auto& account = totals.account;
    table.rows.push_back(
        {account.name, account.segment,
         account.arr ? amount_cell(static_cast<double>(account.arr->cents) / 100, format) : "",
         account.arr ? account.arr->currency : "", std::to_string(totals.requests),
         std::to_string(totals.asks), amount_cell(totals.value, format)});
  }
  context.print_table(table);
}

}  // namespace

void run_accounts(Context& context) {
  auto& store = context.store_for_reading();
  RequestFilter every_request;
  every_request.include_merged = true;
  print_accounts(context, summarize_accounts(store.list_accounts(), store.list_asks(every_request),
                                             context.config()));
}

void run_account(Context& context, const AccountOptions& options) {
  AccountUpdate update;
  update.name = parse_name(options.name, "NAME");
  if (update.name.empty()) throw InputError("NAME: the account name is empty");
  if (options.segment) update.segment = parse_name(*options.segment, "--segment");
  if (options.arr) {
    update.arr = context.config().money(parse_amount(*options.arr, "--arr"), "", "--arr");
  }
  auto& store = context.store_for_writing();
  if (!update.segment && !update.arr && !store.find_account(update.name)) {
    throw NotFoundError(fmt::format(
        "no account '{}'; give --segment or --arr to record it", update.name));
  }
  auto account = (update.segment || update.arr) ? store.save_account(update)
                                                 : *store.find_account(update.name);
  RequestFilter every_request;
  every_request.include_merged = true;
  every_request.account = account.name;
  print_accounts(context,
                 summarize_accounts({account}, store.list_asks(every_request), context.config()));
}

}  // namespace reqtriage::cli
