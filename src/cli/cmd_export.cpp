// reqtriage export: ranked requests, asks or accounts for spreadsheets,
// scripts and review notes.
#include <map>
#include <set>

#include "commands.hpp"
#include "output_file.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/scoring.hpp"
#include "reqtriage/summary.hpp"

namespace reqtriage::cli {
namespace {

std::string number_cell(double value) { return fmt::format("{}", value); }
std::string money_cell(double units) { return amount_cell(units, Format::csv); }

Table requests_table(Store& store, const Config& config, const Profile& profile,
                     const RequestFilter& filter) {
  auto ranking = rank_store(store, config, profile, filter, today_utc());
  const auto& base = config.base_currency;
  Table table;
  table.columns = {{"rank", Kind::number},
                   {"id", Kind::number},
                   {"title"},
                   {"status"},
                   {"reason"},
                   {"area"},
                   {"tags"},
                   {"accounts", Kind::number},
                   {"asks", Kind::number},
                   {"value_" + base, Kind::number},
                   {"pipeline_" + base, Kind::number},
                   {"arr_" + base, Kind::number},
                   {"effort", Kind::number},
                   {"needs_estimate"},
                   {"score", Kind::number},
                   {"soonest_close"},
                   {"created_at"},
                   {"updated_at"}};
  table.status_column = 3;
  for (const auto& score : ranking.scores) {
    const auto& request = *score.request;
    const auto& q = score.quantities;
    table.rows.push_back({score.rank > 0 ? std::to_string(score.rank) : "",
                          std::to_string(request.id), request.title,
                          std::string(to_string(request.status)), request.reason, request.area,
                          fmt::format("{}", fmt::join(request.tags, ",")),
                          number_cell(q[Quantity::accounts]), number_cell(q[Quantity::asks]),
                          money_cell(q[Quantity::value]), money_cell(q[Quantity::pipeline]),
                          money_cell(q[Quantity::arr]), number_cell(q[Quantity::effort]),
                          q.needs_estimate ? "true" : "false", number_cell(score.score),
                          q.soonest_close, request.created_at, request.updated_at});
  }
  return table;
}

Table asks_table(Store& store, const Config& config, const RequestFilter& filter) {
  std::map<RequestId, Request> requests;
  for (auto& request : store.list_requests(filter)) requests.emplace(request.id, std::move(request));
  Table table;
  table.columns = {{"ask_id", Kind::number}, {"request_id", Kind::number},
                   {"request_title"},        {"request_status"},
                   {"account"},              {"value", Kind::number},
                   {"currency"},             {"value_" + config.base_currency, Kind::number},
                   {"stage"},                {"close_date"},
                   {"rep"},                  {"source"},
                   {"note"},                 {"created_at"}};
  table.status_column = 3;
  for (const auto& ask : store.list_asks(filter)) {
    const auto& request = requests.at(ask.request_id);
    std::string value;
    std::string base_value;
    if (ask.value) {
      value = money_cell(static_cast<double>(ask.value->cents) / 100);
      base_value = money_cell(config.to_base(*ask.value));
    }
    table.rows.push_back({std::to_string(ask.id), std::to_string(ask.request_id), request.title,
                          std::string(to_string(request.status)), ask.account, value,
                          ask.value ? ask.value->currency : "", base_value, ask.stage,
                          ask.close_date, ask.rep, ask.source, ask.note, ask.created_at});
  }
  return table;
}

Table accounts_table(Store& store, const Config& config, const RequestFilter& filter) {
  std::map<RequestId, Status> status_of;
  for (const auto& request : store.list_requests(filter)) status_of[request.id] = request.status;
  auto asks = store.list_asks(filter);
  // Each account's requests, counted by status: "new:2 declined:1".
  std::map<std::int64_t, std::map<Status, std::set<RequestId>>> statuses;
  for (const auto& ask : asks) statuses[ask.account_id][status_of.at(ask.request_id)].insert(ask.request_id);
  Table table;
  table.columns = {{"account"},           {"segment"},
                   {"arr", Kind::number}, {"arr_currency"},
                   {"requests", Kind::number}, {"asks", Kind::number},
                   {"value_" + config.base_currency, Kind::number}, {"statuses"}};
  for (const auto& totals : summarize_accounts(store.list_accounts(), asks, config)) {
    if (totals.asks == 0) continue;  // asked for nothing the filter kept
    const auto& account = totals.account;
    std::vector<std::string> counts;
    for (const auto& [status, ids] : statuses[account.id]) {
      counts.push_back(fmt::format("{}:{}", to_string(status), ids.size()));
    }
    table.rows.push_back({account.name, account.segment,
                          account.arr ? money_cell(static_cast<double>(account.arr->cents) / 100) : "",
                          account.arr ? account.arr->currency : "", std::to_string(totals.requests),
                          std::to_string(totals.asks), money_cell(totals.value),
                          fmt::format("{}", fmt::join(counts, " "))});
  }
  return table;
}

std::vector<std::string> split_columns(const std::string& text) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    auto name = text.substr(start, comma - start);
    if (name.empty()) throw UsageError(fmt::format("--columns: empty column name in '{}'", text));
    names.push_back(name);
    start = comma + 1;
  }
  return names;
}

}  // namespace

void run_export(Context& context, const ExportOptions& options) {
  const auto& config = context.config();
  auto filter = read_filter(options.filter);
  auto format = context.format_given() ? context.format() : Format::csv;
  auto& store = context.store_for_reading();
  Table table;
  if (options.what == "requests") {
    const auto& profile = config.scoring.find_profile(options.profile.value_or(config.scoring.profile));
    table = requests_table(store, config, profile, filter);
  } else if (options.what == "asks") {
    table = asks_table(store, config, filter);
  } else if (options.what == "accounts") {
    table = accounts_table(store, config, filter);
  } else {
    throw UsageError(fmt::format("--what: unknown '{}': expected requests, asks or accounts", options.what));
  }
  if (!options.columns.empty()) table.select(split_columns(options.columns));

  auto style = context.table_style();
  style.neutralize = !options.raw;
  style.excel = options.excel;
  if (options.output.empty() || options.output == "-") {
    write_table(stdout, table, format, style);
    return;
  }
  style.color = false;
  style.width = 0;
  OutputFile file(options.output);
  write_table(file.stream(), table, format, style);
  file.commit();
  context.say("Wrote {} {} to {}", table.rows.size(), options.what, options.output);
}

}  // namespace reqtriage::cli
