// reqtriage accounts / account NAME: the customers and what they asked for;
// their names, aliases, renames and merges.
#include "commands.hpp"
#include "effects.hpp"
#include "reqtriage/account_names.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/money.hpp"
#include "reqtriage/parse.hpp"

namespace reqtriage::cli {
namespace {

// `effects`: what the command that changed the account moved (MoneyEffects),
// added to each account's JSON; null when it changed nothing.
void print_accounts(Context& context, const std::vector<AccountFigures>& accounts, const Json& effects) {
  const auto& config = context.config();
  const auto& base = config.base_currency;
  if (is_json(context.format())) {
    auto list = Json::array();
    for (const auto& entry : accounts) {
      auto record = to_json(*entry.account);
      record["requests"] = entry.requests;
      record.update(to_json(entry.figures, base));
      if (!effects.is_null()) record["effects"] = effects;
      list.push_back(std::move(record));
    }
    context.print_json(list);
    return;
  }
  auto format = context.format();
  Table table;
  table.columns = {{"account", Kind::text, true},  {"segment"},
                   {"arr", Kind::number},           {"arr_currency"},
                   {"requests", Kind::number},      {"asks", Kind::number},
                   {"deals", Kind::number},         money_column("value", base),
                   money_column("pipeline", base), money_column("won", base),
                   money_column("lost", base),  {"aliases", Kind::text, true}};
  for (const auto& entry : accounts) {
    const auto& account = *entry.account;
    const auto& figures = entry.figures;
    table.rows.push_back(
        {account.name, account.segment,
         account.arr ? amount_cell(static_cast<double>(account.arr->cents) / 100, format) : "",
         account.arr ? account.arr->currency : "", std::to_string(entry.requests), std::to_string(figures.asks),
         std::to_string(figures.deals), amount_cell(figures.value, format), amount_cell(figures.pipeline, format),
         amount_cell(figures.won, format), amount_cell(figures.lost, format),
         fmt::format("{}", fmt::join(account.aliases, ", "))});
  }
  context.print_table(table);
}

void print_account_figures(Context& context, Store& store, const std::vector<Account>& accounts,
                           const Json& effects = nullptr) {
  RequestFilter every_request;
  every_request.include_merged = true;
  const auto& config = context.config();
  auto index = index_accounts(store.list_accounts(), config);
  print_accounts(context, figures_by_account(accounts, store.list_asks(every_request), index, config), effects);
}

std::string account_name(const std::string& text, const char* where) {
  auto name = parse_name(text, where);
  if (name.empty()) throw InputError(fmt::format("{}: the account name is empty", where));
  return name;
}

void print_history(Context& context, const std::vector<HistoryEntry>& recorded) {
  for (const auto& entry : recorded) {
    context.say("{} {}: '{}' -> '{}'", entry.action, entry.field, entry.old_value, entry.new_value);
  }
}

}  // namespace

void refuse_close_account(Store& store, const std::string& name, std::string_view option) {
  if (name.empty() || store.match_account(name)) return;
  auto accounts = store.list_accounts();
  if (const auto* close = close_account(name, accounts)) {
    throw InputError(fmt::format("{}: no account '{}'; did you mean '{}' (account #{})? use --new-account to "
                                 "keep both",
                                 option, name, close->name, close->id));
  }
}

void run_accounts(Context& context) {
  auto& store = context.store_for_reading();
  print_account_figures(context, store, store.list_accounts());
}

void run_account(Context& context, const AccountOptions& options) {
  if (options.name.empty()) {
    throw UsageError("account needs a NAME, or one of rename, merge, unmerge (see reqtriage account --help)");
  }
  AccountUpdate update;
  update.name = account_name(options.name, "NAME");
  if (options.segment) update.segment = parse_name(*options.segment, "--segment");
  if (options.arr) {
    update.arr = context.config().money(parse_amount(*options.arr, "--arr"), "", "--arr");
  }
  std::optional<std::string> alias;
  if (options.alias) alias = account_name(*options.alias, "--alias");
  auto& store = context.store_for_writing();
  auto known = store.match_account(update.name);
  if (!update.segment && !update.arr && !known) {
    throw NotFoundError(fmt::format("no account '{}'; give --segment or --arr to record it", update.name));
  }
  // A typo must not make a phantom customer beside the real one.
  if (!known && !options.new_account) refuse_close_account(store, update.name, "NAME");
  MoneyEffects effects(context);
  if (update.segment || update.arr) {
    if (known) update.name = known->name;
    store.save_account(update);
  }
  if (alias) print_history(context, store.add_alias(update.name, *alias));
  auto changed = effects.report(context);
  print_account_figures(context, store, {*store.match_account(update.name)}, changed);
}

void run_account_rename(Context& context, const std::string& name, const std::string& new_name) {
  auto old_name = account_name(name, "OLD");
  auto renamed = account_name(new_name, "NEW");
  auto& store = context.store_for_writing();
  MoneyEffects effects(context);
  print_history(context, store.rename_account(old_name, renamed));
  auto changed = effects.report(context);
  print_account_figures(context, store, {*store.match_account(renamed)}, changed);
}

void run_account_merge(Context& context, const AccountMergeOptions& options) {
  std::vector<std::string> names;
  for (const auto& name : options.names) names.push_back(account_name(name, "NAME"));
  auto into = account_name(options.into, "--into");
  auto& store = context.store_for_writing();
  MoneyEffects effects(context);
  auto recorded = store.merge_accounts(names, into);
  int moved = 0;
  for (const auto& entry : recorded) moved += entry.action == "ask-changed" ? 1 : 0;
  context.say("Merged {} into '{}': {} ask{} moved; undo with `reqtriage account unmerge NAME`.",
              fmt::join(names, ", "), into, moved, moved == 1 ? "" : "s");
  auto changed = effects.report(context);
  print_account_figures(context, store, {*store.match_account(into)}, changed);
}

void run_account_unmerge(Context& context, const std::string& name) {
  auto merged = account_name(name, "NAME");
  auto& store = context.store_for_writing();
  MoneyEffects effects(context);
  auto recorded = store.unmerge_account(merged);
  context.say("Unmerged '{}': {} ask{} back.", merged, recorded.size() - 1, recorded.size() == 2 ? "" : "s");
  auto changed = effects.report(context);
  print_account_figures(context, store, {*store.match_account(merged)}, changed);
}

}  // namespace reqtriage::cli
